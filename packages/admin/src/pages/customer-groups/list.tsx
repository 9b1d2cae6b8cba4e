import type { CustomerGroup } from "@cohort/client";
import { PencilSquare, Plus, Trash } from "@medusajs/icons";
import { Button, Container, DataTable, createDataTableColumnHelper, useDataTable } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useCustomerGroups } from "../../api/customer-groups";
import { PageHeader, QueryError, useTitle } from "../../components/page";
import { RowActions, TableSearch, useServerTable } from "../../components/table";
import { formatDateTime, countOf } from "../../lib/format";
import { DeleteGroupError, useDeleteGroupFlow } from "./delete-group";
import { GroupFormDrawer } from "./group-form";

const column = createDataTableColumnHelper<CustomerGroup>();

export function CustomerGroupsPage() {
  useTitle("Customer groups");
  const navigate = useNavigate();
  const list = useServerTable({ pageSize: 20 });
  const groups = useCustomerGroups({ ...list.query, expand: "customer_count" });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<CustomerGroup>();
  const remove = useDeleteGroupFlow();
  const [deleting, setDeleting] = useState<string>();

  const columns = [
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      sortAscLabel: "A–Z",
      sortDescLabel: "Z–A",
      cell: ({ row }) => (
        <Link to={`/customer-groups/${row.original.id}`} className="text-ui-fg-base hover:text-ui-fg-interactive rounded outline-none focus-visible:shadow-borders-focus" onClick={(e) => e.stopPropagation()}>
          {row.original.name || <span className="text-ui-fg-muted">(no name)</span>}
        </Link>
      ),
    }),
    column.accessor("customer_count", { header: "Members", cell: ({ getValue }) => (getValue() ?? 0).toLocaleString(), align: "right", headerAlign: "right" }),
    column.accessor("created_at", { header: "Created", enableSorting: true, sortAscLabel: "Oldest first", sortDescLabel: "Newest first", cell: ({ getValue }) => formatDateTime(getValue()) }),
    column.accessor("updated_at", { header: "Updated", enableSorting: true, sortAscLabel: "Oldest first", sortDescLabel: "Newest first", cell: ({ getValue }) => formatDateTime(getValue()) }),
    column.display({
      id: "actions",
      cell: ({ row }) => (
        <RowActions
          label={row.original.name ?? row.original.id}
          actions={[
            { label: "Edit", icon: <PencilSquare />, onSelect: () => setEditing(row.original) },
            {
              label: "Delete",
              icon: <Trash />,
              onSelect: () => {
                setDeleting(row.original.name);
                void remove.run(row.original, () => toast.success(`Deleted ${row.original.name}`));
              },
            },
          ]}
        />
      ),
    }),
  ];

  const table = useDataTable({
    columns,
    data: groups.data?.customer_groups ?? [],
    getRowId: (g) => g.id!,
    rowCount: groups.data?.count ?? 0,
    isLoading: groups.isPending,
    onRowClick: (_e, row) => navigate(`/customer-groups/${row.id}`),
    ...list.table,
  });

  return (
    <>
      <PageHeader
        title="Customer groups"
        actions={
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            <Plus />
            Create group
          </Button>
        }
      />
      {remove.mutation.isError && <DeleteGroupError error={remove.mutation.error} groupName={deleting} />}
      {groups.isError ? (
        <QueryError error={groups.error} />
      ) : (
        <Container className="overflow-hidden p-0">
          <DataTable instance={table}>
            <DataTable.Toolbar className="flex flex-wrap items-center justify-between gap-2">
              <span className="txt-compact-small text-ui-fg-subtle" aria-live="polite">
                {groups.data ? countOf(groups.data.count, "group") : ""}
              </span>
              <TableSearch {...list.table.search} label="Search groups by name" />
            </DataTable.Toolbar>
            <div className="relative overflow-x-auto">
              <DataTable.Table
                emptyState={{
                  empty: { heading: "No customer groups yet", description: "Create one to give its members their own prices." },
                  filtered: { heading: "No group matches", description: "Try another search." },
                }}
              />
            </div>
            <DataTable.Pagination />
          </DataTable>
        </Container>
      )}
      <GroupFormDrawer open={creating} onOpenChange={setCreating} />
      <GroupFormDrawer group={editing} open={!!editing} onOpenChange={(open) => !open && setEditing(undefined)} />
    </>
  );
}
