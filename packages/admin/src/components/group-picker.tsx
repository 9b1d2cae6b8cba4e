import { Plus, XMarkMini } from "@medusajs/icons";
import { Badge, Button, IconButton, Input, Popover, Text } from "@medusajs/ui";
import { useDeferredValue, useId, useState } from "react";
import { useCustomerGroups } from "../api/customer-groups";
import { errorMessage } from "../lib/cohort";
import { InlineError } from "./page";

export interface GroupRef {
  id: string;
  name: string;
}

/**
 * Picks customer groups by searching them (there may be thousands): the chosen ones as badges
 * with a remove button each, and a searchable list to add more.
 */
export function GroupPicker({ value, onChange, label, addLabel = "Add group" }: { value: GroupRef[]; onChange: (groups: GroupRef[]) => void; label: string; addLabel?: string }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const groups = useCustomerGroups({ q: deferred || undefined, limit: 20, order: "name" }, open);
  const labelId = useId();
  const chosen = new Set(value.map((g) => g.id));
  const options = (groups.data?.customer_groups ?? []).filter((g) => !chosen.has(g.id!));
  return (
    <div className="flex flex-col gap-y-2" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="txt-compact-small-plus">
        {label}
      </span>
      <div className="flex flex-wrap items-center gap-2">
        {value.length === 0 && (
          <Text size="small" className="text-ui-fg-subtle">
            None
          </Text>
        )}
        {value.map((g) => (
          <Badge key={g.id} size="small" className="gap-x-1 pr-0.5">
            {g.name}
            <IconButton size="2xsmall" variant="transparent" type="button" aria-label={`Remove ${g.name}`} onClick={() => onChange(value.filter((v) => v.id !== g.id))}>
              <XMarkMini />
            </IconButton>
          </Badge>
        ))}
        <Popover open={open} onOpenChange={setOpen}>
          <Popover.Trigger asChild>
            <Button type="button" size="small" variant="secondary">
              <Plus />
              {addLabel}
            </Button>
          </Popover.Trigger>
          <Popover.Content className="flex w-[min(320px,90vw)] flex-col gap-y-2 p-2" align="start">
            <Input size="small" inputMode="search" aria-label="Search groups" placeholder="Search groups" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
            {groups.isError && <InlineError>{errorMessage(groups.error)}</InlineError>}
            <ul className="flex max-h-64 flex-col overflow-y-auto" aria-label="Groups">
              {options.map((g) => (
                <li key={g.id}>
                  <button
                    type="button"
                    className="txt-compact-small hover:bg-ui-bg-base-hover focus-visible:bg-ui-bg-base-hover w-full rounded px-2 py-1.5 text-left outline-none"
                    onClick={() => {
                      onChange([...value, { id: g.id!, name: g.name ?? "" }]);
                      setOpen(false);
                      setQ("");
                    }}
                  >
                    {g.name || "(no name)"}
                  </button>
                </li>
              ))}
              {groups.data && options.length === 0 && (
                <li className="txt-compact-small text-ui-fg-subtle px-2 py-1.5">{deferred ? "No other group matches." : "No other groups."}</li>
              )}
            </ul>
          </Popover.Content>
        </Popover>
      </div>
    </div>
  );
}
