import { Button, Text } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useCustomer, useSetCustomerGroups } from "../../api/customers";
import { GroupPicker, type GroupRef } from "../../components/group-picker";
import { Fields, InlineError, PageHeader, QueryError, Section, useTitle } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { customerName, formatDateTime } from "../../lib/format";

export function CustomerPage() {
  const { id = "" } = useParams();
  const customer = useCustomer(id);
  const save = useSetCustomerGroups(id);
  const [groups, setGroups] = useState<GroupRef[]>();
  useTitle(customer.data?.email ?? "Customer");
  const stored = (customer.data?.groups ?? []).map((g) => ({ id: g.id, name: g.name }));
  useEffect(() => setGroups(undefined), [customer.data]);

  if (customer.isError) return <QueryError error={customer.error} />;
  const c = customer.data;
  const editing = groups ?? stored;
  const changed = groups !== undefined && (groups.length !== stored.length || groups.some((g) => !stored.find((s) => s.id === g.id)));
  return (
    <>
      <PageHeader
        title={c?.email ?? "…"}
        back={{ to: "/customers", label: "Customers" }}
        actions={
          c && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/activity?customer_id=${encodeURIComponent(c.id)}`}>Activity</Link>
            </Button>
          )
        }
      />
      {c && (
        <>
          <Section title="Details">
            <Fields
              rows={[
                ["ID", <code key="id">{c.id}</code>],
                ["Name", customerName(c) || <span className="text-ui-fg-muted">–</span>],
                ["Phone", c.phone ?? "–"],
                ["Account", c.has_account ? "Registered" : "Guest"],
                ["Created", formatDateTime(c.created_at)],
              ]}
            />
          </Section>
          <Section title="Groups">
            <div className="flex flex-col gap-y-4 px-6 py-4">
              <GroupPicker label="Member of" value={editing} onChange={setGroups} addLabel="Add to group" />
              <ul className="txt-compact-small flex flex-wrap gap-x-4 gap-y-1">
                {stored.map((g) => (
                  <li key={g.id}>
                    <Link className="text-ui-fg-interactive hover:underline" to={`/customer-groups/${g.id}`}>
                      Open {g.name}
                    </Link>
                  </li>
                ))}
              </ul>
              {save.isError && <InlineError>{errorMessage(save.error)}</InlineError>}
              <div className="flex items-center gap-2">
                <Button
                  size="small"
                  disabled={!changed}
                  isLoading={save.isPending}
                  onClick={() => save.mutate(editing.map((g) => g.id), { onSuccess: () => toast.success("Groups saved") })}
                >
                  Save groups
                </Button>
                {changed && (
                  <Button size="small" variant="secondary" onClick={() => setGroups(undefined)}>
                    Undo changes
                  </Button>
                )}
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Saving replaces the customer's groups with these.
                </Text>
              </div>
            </div>
          </Section>
        </>
      )}
    </>
  );
}
