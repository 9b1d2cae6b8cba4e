import type { ListedCustomer } from "@cohort/client";
import { Container, DataTable, createDataTableColumnHelper, useDataTable } from "@medusajs/ui";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useCustomers } from "../../api/customers";
import { GroupPicker, type GroupRef } from "../../components/group-picker";
import { PageHeader, QueryError, useTitle } from "../../components/page";
import { TableSearch, useServerTable } from "../../components/table";
import { customerName, formatDateTime, countOf } from "../../lib/format";

const column = createDataTableColumnHelper<ListedCustomer>();

export function CustomersPage() {
  useTitle("Customers");
  const navigate = useNavigate();
  const list = useServerTable({ pageSize: 20, sort: null });
  const [groups, setGroups] = useState<GroupRef[]>([]);
  const customers = useCustomers({ ...list.query, ...(groups.length ? { groups: groups.map((g) => g.id) } : {}), expand: "groups" });

  const columns = [
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
    column.accessor((c) => (c.groups ?? []).map((g) => g.name).join(", "), { id: "groups", header: groups.length ? "In the chosen groups" : "Groups" }),
    column.accessor("has_account", { header: "Account", cell: ({ getValue }) => (getValue() ? "Yes" : "Guest") }),
    column.accessor("created_at", { header: "Created", enableSorting: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
  ];

  const table = useDataTable({
    columns,
    data: customers.data?.customers ?? [],
    getRowId: (c) => c.id,
    rowCount: customers.data?.count ?? 0,
    isLoading: customers.isPending,
    onRowClick: (_e, row) => navigate(`/customers/${row.id}`),
    ...list.table,
  });

  return (
    <>
      <PageHeader title="Customers" />
      {customers.isError && <QueryError error={customers.error} />}
      <Container className="overflow-hidden p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex flex-wrap items-start justify-between gap-4">
            <GroupPicker
              label="In any of these groups"
              addLabel="Filter by group"
              value={groups}
              onChange={(value) => {
                setGroups(value);
                list.toFirstPage();
              }}
            />
            <div className="flex flex-col items-end gap-y-1">
              <TableSearch {...list.table.search} label="Search by email or name" />
              <span className="txt-compact-small text-ui-fg-subtle" aria-live="polite">
                {customers.data ? countOf(customers.data.count, "customer") : ""}
              </span>
            </div>
          </DataTable.Toolbar>
          <div className="relative overflow-x-auto">
            <DataTable.Table emptyState={{ empty: { heading: "No customers" }, filtered: { heading: "No customer matches", description: "Try another search or other groups." } }} />
          </div>
          <DataTable.Pagination />
        </DataTable>
      </Container>
    </>
  );
}
