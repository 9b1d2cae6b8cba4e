import type { PriceList } from "@cohort/client";
import { DatePicker, Input, Label, Select, Text, Textarea } from "@medusajs/ui";
import { useId } from "react";
import { GroupPicker, type GroupRef } from "../../components/group-picker";
import { timeZoneLabel } from "../../lib/format";

export interface PriceListFields {
  name: string;
  description: string;
  type: "sale" | "override";
  status: "active" | "draft";
  starts_at: Date | null;
  ends_at: Date | null;
  groups: GroupRef[];
}

export const emptyFields = (groups: GroupRef[] = []): PriceListFields => ({
  name: "",
  description: "",
  type: "sale",
  status: "draft",
  starts_at: null,
  ends_at: null,
  groups,
});

export const fieldsOf = (pl: PriceList): PriceListFields => ({
  name: pl.name,
  description: pl.description,
  type: pl.type,
  status: pl.status,
  starts_at: pl.starts_at ? new Date(pl.starts_at) : null,
  ends_at: pl.ends_at ? new Date(pl.ends_at) : null,
  groups: (pl.customer_groups ?? []).map((g) => ({ id: g.id, name: g.name })),
});

/** The body fields of a create or update (dates as ISO instants). */
export const bodyOf = (f: PriceListFields) => ({
  name: f.name,
  description: f.description,
  type: f.type,
  status: f.status,
  starts_at: f.starts_at ? f.starts_at.toISOString() : null,
  ends_at: f.ends_at ? f.ends_at.toISOString() : null,
  customer_groups: f.groups.map((g) => ({ id: g.id })),
});

/** Name, description, type, status, schedule (in the browser's time zone, shown) and groups. */
export function PriceListForm({ value, onChange }: { value: PriceListFields; onChange: (value: PriceListFields) => void }) {
  const id = useId();
  const set = (patch: Partial<PriceListFields>) => onChange({ ...value, ...patch });
  return (
    <div className="flex flex-col gap-y-4">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input id={`${id}-name`} value={value.name} onChange={(e) => set({ name: e.target.value })} />
        </div>
        <div className="flex flex-col gap-y-1 md:row-span-2">
          <Label htmlFor={`${id}-description`}>Description</Label>
          <Textarea id={`${id}-description`} rows={4} value={value.description} onChange={(e) => set({ description: e.target.value })} />
        </div>
        <div className="grid grid-cols-2 gap-4">
          <div className="flex flex-col gap-y-1">
            <Label id={`${id}-type`}>Type</Label>
            <Select value={value.type} onValueChange={(type) => set({ type: type as PriceListFields["type"] })}>
              <Select.Trigger aria-labelledby={`${id}-type`}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="sale">Sale</Select.Item>
                <Select.Item value="override">Override</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label id={`${id}-status`}>Status</Label>
            <Select value={value.status} onValueChange={(status) => set({ status: status as PriceListFields["status"] })}>
              <Select.Trigger aria-labelledby={`${id}-status`}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="draft">Draft</Select.Item>
                <Select.Item value="active">Active</Select.Item>
              </Select.Content>
            </Select>
          </div>
        </div>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        A sale price applies only when it is lower than the regular price; an override price always applies.
      </Text>
      <fieldset className="flex flex-col gap-y-2">
        <legend className="txt-compact-small-plus">Schedule</legend>
        <Text size="xsmall" className="text-ui-fg-subtle" id={`${id}-tz`}>
          Times are in your time zone, {timeZoneLabel()}. Leave empty for no start or no end.
        </Text>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <div className="date-field flex flex-col gap-y-1">
            <Label id={`${id}-starts`}>Starts</Label>
            <DatePicker aria-labelledby={`${id}-starts`} aria-describedby={`${id}-tz`} granularity="minute" value={value.starts_at} onChange={(starts_at) => set({ starts_at })} />
          </div>
          <div className="date-field flex flex-col gap-y-1">
            <Label id={`${id}-ends`}>Ends</Label>
            <DatePicker aria-labelledby={`${id}-ends`} aria-describedby={`${id}-tz`} granularity="minute" value={value.ends_at} onChange={(ends_at) => set({ ends_at })} />
          </div>
        </div>
      </fieldset>
      <GroupPicker label="Customer groups" value={value.groups} onChange={(groups) => set({ groups })} />
      <Text size="xsmall" className="text-ui-fg-subtle">
        {value.groups.length === 0 ? "With no group, the prices apply to every customer, signed in or not." : "The prices apply to members of any of these groups."}
      </Text>
    </div>
  );
}
