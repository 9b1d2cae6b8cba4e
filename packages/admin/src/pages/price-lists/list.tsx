import type { PriceList } from "@cohort/client";
import { Plus } from "@medusajs/icons";
import { Badge, Button, Container, DataTable, Label, Select, StatusBadge, createDataTableColumnHelper, useDataTable } from "@medusajs/ui";
import { useId, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { usePriceLists } from "../../api/price-lists";
import { GroupPicker, type GroupRef } from "../../components/group-picker";
import { PageHeader, QueryError, useTitle } from "../../components/page";
import { TableSearch, useServerTable } from "../../components/table";
import { formatDateTime } from "../../lib/format";

const column = createDataTableColumnHelper<PriceList>();
const ALL = "all";

export function PriceListsPage() {
  useTitle("Price lists");
  const navigate = useNavigate();
  const id = useId();
  const list = useServerTable({ pageSize: 20 });
  const [status, setStatus] = useState(ALL);
  const [type, setType] = useState(ALL);
  const [groups, setGroups] = useState<GroupRef[]>([]);
  const lists = usePriceLists({
    ...list.query,
    expand: "customer_groups",
    ...(status !== ALL ? { status: [status as "active" | "draft"] } : {}),
    ...(type !== ALL ? { type: [type as "sale" | "override"] } : {}),
    ...(groups.length ? { customer_groups: groups.map((g) => g.id) } : {}),
  });

  const columns = [
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      cell: ({ row }) => (
        <Link to={`/price-lists/${row.original.id}`} className="hover:text-ui-fg-interactive rounded outline-none focus-visible:shadow-borders-focus" onClick={(e) => e.stopPropagation()}>
          {row.original.name}
        </Link>
      ),
    }),
    column.accessor("type", { header: "Type", enableSorting: true, cell: ({ getValue }) => <Badge size="2xsmall">{getValue()}</Badge> }),
    column.accessor("status", {
      header: "Status",
      enableSorting: true,
      cell: ({ getValue }) => <StatusBadge color={getValue() === "active" ? "green" : "grey"}>{getValue()}</StatusBadge>,
    }),
    column.accessor((pl) => (pl.customer_groups ?? []).map((g) => g.name).join(", ") || "Everyone", { id: "groups", header: "Groups" }),
    column.accessor("starts_at", { header: "Starts", enableSorting: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
    column.accessor("ends_at", { header: "Ends", enableSorting: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
  ];

  const table = useDataTable({
    columns,
    data: lists.data?.price_lists ?? [],
    getRowId: (pl) => pl.id,
    rowCount: lists.data?.count ?? 0,
    isLoading: lists.isPending,
    onRowClick: (_e, row) => navigate(`/price-lists/${row.id}`),
    ...list.table,
  });
  const filter = (label: string, value: string, onChange: (v: string) => void, options: Array<[string, string]>) => (
    <div className="flex flex-col gap-y-1">
      <Label id={`${id}-${label}`} size="small">
        {label}
      </Label>
      <Select
        size="small"
        value={value}
        onValueChange={(v) => {
          onChange(v);
          list.toFirstPage();
        }}
      >
        <Select.Trigger aria-labelledby={`${id}-${label}`} className="w-36">
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {options.map(([v, l]) => (
            <Select.Item key={v} value={v}>
              {l}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  );

  return (
    <>
      <PageHeader
        title="Price lists"
        actions={
          <Button size="small" variant="secondary" onClick={() => navigate("/price-lists/new")}>
            <Plus />
            Create price list
          </Button>
        }
      />
      {lists.isError && <QueryError error={lists.error} />}
      <Container className="overflow-hidden p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex flex-wrap items-end justify-between gap-4">
            <div className="flex flex-wrap items-end gap-4">
              {filter("Status", status, setStatus, [[ALL, "Any status"], ["active", "Active"], ["draft", "Draft"]])}
              {filter("Type", type, setType, [[ALL, "Any type"], ["sale", "Sale"], ["override", "Override"]])}
              <GroupPicker
                label="For any of these groups"
                addLabel="Filter by group"
                value={groups}
                onChange={(value) => {
                  setGroups(value);
                  list.toFirstPage();
                }}
              />
            </div>
            <TableSearch {...list.table.search} label="Search name, description or group" />
          </DataTable.Toolbar>
          <div className="relative overflow-x-auto">
            <DataTable.Table emptyState={{ empty: { heading: "No price lists yet" }, filtered: { heading: "No price list matches", description: "Try other filters." } }} />
          </div>
          <DataTable.Pagination />
        </DataTable>
      </Container>
    </>
  );
}
