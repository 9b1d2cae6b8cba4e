import { Button, Checkbox, Drawer, Input, Label, Table, Tabs, Text, Textarea } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useDeferredValue, useState } from "react";
import { useAddMembers } from "../../api/customer-groups";
import { useCustomers } from "../../api/customers";
import { DrawerHeader, InlineError } from "../../components/page";
import { cohort, errorMessage } from "../../lib/cohort";
import { customerName } from "../../lib/format";
import { resolvePasted, splitPasted, type Resolution } from "./resolve";

/** Adds customers to a group: picked from a search, or pasted as ids or emails. */
export function AddMembersDrawer({ groupId, groupName, open, onOpenChange }: { groupId: string; groupName: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        {open && <AddMembers groupId={groupId} groupName={groupName} onDone={() => onOpenChange(false)} />}
      </Drawer.Content>
    </Drawer>
  );
}

function AddMembers({ groupId, groupName, onDone }: { groupId: string; groupName: string; onDone: () => void }) {
  const add = useAddMembers(groupId);
  const submit = (ids: string[]) =>
    add.mutate(ids, {
      onSuccess: () => {
        toast.success(`Added ${ids.length} ${ids.length === 1 ? "customer" : "customers"} to ${groupName}`);
        onDone();
      },
    });
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <DrawerHeader title={<>Add customers to {groupName}</>} />
      <Tabs defaultValue="search" className="flex min-h-0 flex-1 flex-col">
        <div className="px-6 pt-4">
          <Tabs.List>
            <Tabs.Trigger value="search">Search</Tabs.Trigger>
            <Tabs.Trigger value="paste">Paste ids or emails</Tabs.Trigger>
          </Tabs.List>
        </div>
        <Tabs.Content value="search" className="flex min-h-0 flex-1 flex-col">
          <SearchTab onAdd={submit} adding={add.isPending} error={add.error} />
        </Tabs.Content>
        <Tabs.Content value="paste" className="flex min-h-0 flex-1 flex-col">
          <PasteTab onAdd={submit} adding={add.isPending} error={add.error} />
        </Tabs.Content>
      </Tabs>
    </div>
  );
}

interface TabProps {
  onAdd: (ids: string[]) => void;
  adding: boolean;
  error: unknown;
}

function SearchTab({ onAdd, adding, error }: TabProps) {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const customers = useCustomers({ q: deferred || undefined, limit: 20 });
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const toggle = (id: string, email: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Map(prev);
      if (on) next.set(id, email);
      else next.delete(id);
      return next;
    });
  return (
    <>
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="member-search">Find customers by email or name</Label>
          <Input id="member-search" inputMode="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
        </div>
        {customers.isError ? (
          <InlineError>{errorMessage(customers.error)}</InlineError>
        ) : (
          <div className="relative overflow-x-auto">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell className="w-8"><span className="sr-only">Add</span></Table.HeaderCell>
                  <Table.HeaderCell>Email</Table.HeaderCell>
                  <Table.HeaderCell>Name</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {(customers.data?.customers ?? []).map((c) => (
                  <Table.Row key={c.id}>
                    <Table.Cell>
                      <Checkbox aria-label={`Add ${c.email}`} checked={picked.has(c.id)} onCheckedChange={(on) => toggle(c.id, c.email ?? c.id, on === true)} />
                    </Table.Cell>
                    <Table.Cell>{c.email}</Table.Cell>
                    <Table.Cell>{customerName(c)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            {customers.data && (
              <Text size="xsmall" className="text-ui-fg-subtle mt-2">
                {customers.data.count > customers.data.customers.length
                  ? `Showing ${customers.data.customers.length} of ${customers.data.count.toLocaleString()} customers; search to narrow them down.`
                  : `${customers.data.count} ${customers.data.count === 1 ? "customer" : "customers"}`}
              </Text>
            )}
          </div>
        )}
        {!!error && <InlineError>{errorMessage(error)}</InlineError>}
      </Drawer.Body>
      <Drawer.Footer>
        <Text size="small" className="text-ui-fg-subtle mr-auto" aria-live="polite">
          {picked.size} selected
        </Text>
        <Button disabled={picked.size === 0} isLoading={adding} onClick={() => onAdd([...picked.keys()])}>
          Add {picked.size || ""} {picked.size === 1 ? "customer" : "customers"}
        </Button>
      </Drawer.Footer>
    </>
  );
}

function PasteTab({ onAdd, adding, error }: TabProps) {
  const [text, setText] = useState("");
  const [resolution, setResolution] = useState<Resolution>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string>();
  const check = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      setResolution(await resolvePasted(cohort, splitPasted(text)));
    } catch (err) {
      setCheckError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };
  return (
    <>
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="member-paste">Customer ids or emails</Label>
          <Textarea
            id="member-paste"
            rows={8}
            value={text}
            aria-describedby="member-paste-hint"
            onChange={(e) => {
              setText(e.target.value);
              setResolution(undefined);
            }}
          />
          <Text id="member-paste-hint" size="xsmall" className="text-ui-fg-subtle">
            One per line, or separated by commas or spaces. Emails are looked up; ids are checked when you add them.
          </Text>
        </div>
        <div>
          <Button variant="secondary" size="small" disabled={!text.trim()} isLoading={checking} onClick={() => void check()}>
            Look up
          </Button>
        </div>
        {checkError && <InlineError>{checkError}</InlineError>}
        {resolution && (
          <div className="flex flex-col gap-y-2" aria-live="polite">
            <Text size="small">
              {resolution.ids.length} {resolution.ids.length === 1 ? "customer" : "customers"} to add.
            </Text>
            {resolution.unknownEmails.length > 0 && (
              <InlineError>No customer has the email {resolution.unknownEmails.join(", ")}.</InlineError>
            )}
            {resolution.invalid.length > 0 && <InlineError>Neither a customer id nor an email: {resolution.invalid.join(", ")}.</InlineError>}
          </div>
        )}
        {!!error && <InlineError>{errorMessage(error)}</InlineError>}
      </Drawer.Body>
      <Drawer.Footer>
        <Button disabled={!resolution || resolution.ids.length === 0} isLoading={adding} onClick={() => resolution && onAdd(resolution.ids)}>
          Add {resolution?.ids.length || ""} {resolution?.ids.length === 1 ? "customer" : "customers"}
        </Button>
      </Drawer.Footer>
    </>
  );
}
