import type { ListedCustomer } from "@cohort/client";
import { PencilSquare, Plus, Trash } from "@medusajs/icons";
import { Badge, Button, Container, DataTable, StatusBadge, Table, Text, createDataTableColumnHelper, useDataTable, type DataTableRowSelectionState } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useCustomerGroup, useGroupMembers, useRemoveMembers } from "../../api/customer-groups";
import { Fields, InlineError, PageHeader, QueryError, Section, useTitle } from "../../components/page";
import { selectColumn, TableSearch, useServerTable } from "../../components/table";
import { errorMessage } from "../../lib/cohort";
import { customerName, formatDateTime, countOf } from "../../lib/format";
import { AddMembersDrawer } from "./add-members";
import { ExportMembersButton, ImportMembersDrawer } from "./import-members";
import { DeleteGroupError, useDeleteGroupFlow } from "./delete-group";
import { GroupFormDrawer } from "./group-form";

export function CustomerGroupPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const group = useCustomerGroup(id);
  const [editing, setEditing] = useState(false);
  const remove = useDeleteGroupFlow();
  useTitle(group.data?.name ?? "Customer group");

  if (group.isError) return <QueryError error={group.error} />;
  const g = group.data;
  return (
    <>
      <PageHeader
        title={g ? g.name || "(no name)" : "…"}
        back={{ to: "/customer-groups", label: "Customer groups" }}
        actions={
          g && (
            <>
              <Button size="small" variant="secondary" asChild>
                <Link to={`/activity?customer_group_id=${encodeURIComponent(g.id)}`}>Activity</Link>
              </Button>
              <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
                <PencilSquare />
                Edit
              </Button>
              <Button size="small" variant="danger" isLoading={remove.mutation.isPending} onClick={() => void remove.run(g, () => {
                toast.success(`Deleted ${g.name}`);
                navigate("/customer-groups");
              })}>
                <Trash />
                Delete
              </Button>
            </>
          )
        }
      />
      {remove.mutation.isError && <DeleteGroupError error={remove.mutation.error} groupName={g?.name} />}
      {g && (
        <Section title="Details">
          <Fields
            rows={[
              ["ID", <code key="id" className="txt-compact-small">{g.id}</code>],
              ["Members", (g.customer_count ?? 0).toLocaleString()],
              ["Metadata", <Metadata key="m" metadata={g.metadata} />],
              ["Created", formatDateTime(g.created_at)],
              ["Updated", formatDateTime(g.updated_at)],
            ]}
          />
        </Section>
      )}
      <Members groupId={id} groupName={g?.name ?? ""} />
      {g && (
        <Section title="Price lists for this group">
          {(g.price_lists ?? []).length === 0 ? (
            <Text size="small" className="text-ui-fg-subtle px-6 py-4">
              No price list uses this group. <Link className="text-ui-fg-interactive underline" to={`/price-lists/new?group=${g.id}`}>Create one</Link>.
            </Text>
          ) : (
            <div className="relative overflow-x-auto">
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Name</Table.HeaderCell>
                    <Table.HeaderCell>Type</Table.HeaderCell>
                    <Table.HeaderCell>Status</Table.HeaderCell>
                    <Table.HeaderCell>Starts</Table.HeaderCell>
                    <Table.HeaderCell>Ends</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {g.price_lists!.map((pl) => (
                    <Table.Row key={pl.id}>
                      <Table.Cell>
                        <Link className="text-ui-fg-interactive hover:underline" to={`/price-lists/${pl.id}`}>{pl.name}</Link>
                      </Table.Cell>
                      <Table.Cell><Badge size="2xsmall">{pl.type}</Badge></Table.Cell>
                      <Table.Cell><StatusBadge color={pl.status === "active" ? "green" : "grey"}>{pl.status}</StatusBadge></Table.Cell>
                      <Table.Cell>{formatDateTime(pl.starts_at)}</Table.Cell>
                      <Table.Cell>{formatDateTime(pl.ends_at)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
        </Section>
      )}
      {g && <GroupFormDrawer group={g} open={editing} onOpenChange={setEditing} />}
    </>
  );
}

function Metadata({ metadata }: { metadata: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(metadata ?? {});
  if (entries.length === 0) return <span className="text-ui-fg-muted">None</span>;
  return (
    <ul className="flex flex-col gap-y-1">
      {entries.map(([k, v]) => (
        <li key={k}>
          <code className="txt-compact-small-plus">{k}</code>: <code className="txt-compact-small">{typeof v === "string" ? v : JSON.stringify(v)}</code>
        </li>
      ))}
    </ul>
  );
}

const column = createDataTableColumnHelper<ListedCustomer>();

function Members({ groupId, groupName }: { groupId: string; groupName: string }) {
  const navigate = useNavigate();
  const list = useServerTable({ pageSize: 20, sort: null });
  const members = useGroupMembers(groupId, list.query);
  const removeMembers = useRemoveMembers(groupId);
  const [selection, setSelection] = useState<DataTableRowSelectionState>({});
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const columns = [
    selectColumn(column, (c) => c.email ?? c.id),
    column.accessor("email", {
      header: "Email",
      enableSorting: true,
      cell: ({ row }) => (
        <Link to={`/customers/${row.original.id}`} className="hover:text-ui-fg-interactive rounded outline-none focus-visible:shadow-borders-focus" onClick={(e) => e.stopPropagation()}>
          {row.original.email}
        </Link>
      ),
    }),
    column.accessor((c) => customerName(c), { id: "name", header: "Name" }),
    column.accessor("has_account", { header: "Account", cell: ({ getValue }) => (getValue() ? "Yes" : "Guest") }),
    column.accessor("created_at", { header: "Customer since", enableSorting: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
  ];

  const table = useDataTable({
    columns,
    data: members.data?.customers ?? [],
    getRowId: (c) => c.id,
    rowCount: members.data?.count ?? 0,
    isLoading: members.isPending,
    onRowClick: (_e, row) => navigate(`/customers/${row.id}`),
    rowSelection: { state: selection, onRowSelectionChange: setSelection },
    commands: [
      {
        label: "Remove from group",
        shortcut: "r",
        action: (selected) => {
          const ids = Object.keys(selected);
          removeMembers.mutate(ids, {
            onSuccess: () => {
              setSelection({});
              toast.success(`Removed ${ids.length} ${ids.length === 1 ? "customer" : "customers"} from ${groupName}`);
            },
          });
        },
      },
    ],
    ...list.table,
  });

  return (
    <Container className="overflow-hidden p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex flex-col">
            <h2 className="txt-compact-large-plus">Members</h2>
            <span className="txt-compact-small text-ui-fg-subtle" aria-live="polite">
              {members.data ? countOf(members.data.count, "customer") : ""}
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <TableSearch {...list.table.search} label="Search members" />
            <Button size="small" variant="secondary" onClick={() => setAdding(true)}>
              <Plus />
              Add customers
            </Button>
            <Button size="small" variant="secondary" onClick={() => setImporting(true)}>
              Import CSV
            </Button>
            <ExportMembersButton groupId={groupId} groupName={groupName} />
          </div>
        </DataTable.Toolbar>
        {removeMembers.isError && (
          <div className="px-6 py-3">
            <InlineError>{errorMessage(removeMembers.error)}</InlineError>
          </div>
        )}
        {members.isError ? (
          <div className="px-6 py-3">
            <InlineError>{errorMessage(members.error)}</InlineError>
          </div>
        ) : (
          <div className="relative overflow-x-auto">
            <DataTable.Table
              emptyState={{
                empty: { heading: "No members yet", description: "Add customers by searching for them or by pasting their ids or emails." },
                filtered: { heading: "No member matches", description: "Try another search." },
              }}
            />
          </div>
        )}
        <DataTable.Pagination />
        <DataTable.CommandBar selectedLabel={(n) => `${n} selected`} />
      </DataTable>
      <AddMembersDrawer groupId={groupId} groupName={groupName} open={adding} onOpenChange={setAdding} />
      <ImportMembersDrawer groupId={groupId} groupName={groupName} open={importing} onOpenChange={setImporting} />
    </Container>
  );
}
