import { Button, Container, DataTable, Label, Select, Text, createDataTableColumnHelper, useDataTable } from "@medusajs/ui";
import { useId } from "react";
import { EVENT_TYPES } from "@cohort/contract/event-types";
import { Link, useSearchParams } from "react-router-dom";
import { useEvents, type CohortEvent } from "../../api/events";
import { PageHeader, QueryError, useTitle } from "../../components/page";
import { useServerTable } from "../../components/table";
import { formatDateTime } from "../../lib/format";
import { describeActor, describeEvent } from "./describe";

const column = createDataTableColumnHelper<CohortEvent>();

const ALL = "all";

/** What the page is filtered to, from its URL (other pages link here with one of these). */
const SCOPES = [
  ["customer_group_id", "customer group"],
  ["customer_id", "customer"],
  ["price_list_id", "price list"],
] as const;

/** Where an event's subject can be opened. */
function subjectLink(e: CohortEvent): { to: string; label: string } | null {
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (e.type.endsWith(".deleted")) return null;
  if (e.type.startsWith("customer_group.")) {
    const id = (d.customer_group_id ?? d.id) as string | undefined;
    return id ? { to: `/customer-groups/${id}`, label: "Open the group" } : null;
  }
  if (e.type.startsWith("customer.") && typeof d.id === "string") return { to: `/customers/${d.id}`, label: "Open the customer" };
  if (e.type.startsWith("price_list.")) {
    const id = (d.price_list_id ?? d.id) as string | undefined;
    return id ? { to: `/price-lists/${id}`, label: "Open the price list" } : null;
  }
  return null;
}

/**
 * The audit trail: who changed which group, customer or price list, when, and through what
 * (API, import, schedule…). Other pages link here filtered to their subject.
 */
export function ActivityPage() {
  useTitle("Activity");
  const id = useId();
  const [params, setParams] = useSearchParams();
  const list = useServerTable({ pageSize: 20, sort: null });
  const type = params.get("type") ?? ALL;
  const scope = SCOPES.find(([key]) => params.get(key));
  const events = useEvents({
    offset: list.query.offset,
    limit: list.query.limit,
    ...(type !== ALL ? { type: [type] } : {}),
    ...(scope ? { [scope[0]]: params.get(scope[0])! } : {}),
  });

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    list.toFirstPage();
  };

  const columns = [
    column.accessor("created_at", { header: "When", cell: ({ getValue }) => formatDateTime(getValue()) }),
    column.accessor((e) => describeEvent(e), {
      id: "what",
      header: "What",
      cell: ({ row }) => {
        const link = subjectLink(row.original);
        const text = describeEvent(row.original);
        return link ? (
          <Link to={link.to} aria-label={`${text}: ${link.label.toLowerCase()}`} className="hover:text-ui-fg-interactive rounded outline-none focus-visible:shadow-borders-focus">
            {text}
          </Link>
        ) : (
          text
        );
      },
    }),
    column.accessor((e) => describeActor(e), { id: "who", header: "Who" }),
    column.accessor("type", { header: "Event", cell: ({ getValue }) => <code className="txt-compact-xsmall">{getValue()}</code> }),
  ];

  const table = useDataTable({
    columns,
    data: events.data?.events ?? [],
    getRowId: (e) => e.id,
    rowCount: events.data?.count ?? 0,
    isLoading: events.isPending,
    pagination: list.table.pagination,
  });

  return (
    <>
      <PageHeader title="Activity">
        <Text size="small" className="text-ui-fg-subtle">
          Every change to customer groups, customers and price lists, newest first: who made it, when, and how.
        </Text>
      </PageHeader>
      {events.isError && <QueryError error={events.error} />}
      <Container className="overflow-hidden p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex flex-wrap items-end justify-between gap-4">
            <div className="flex flex-col gap-y-1">
              <Label id={`${id}-type`}>Event type</Label>
              <Select size="small" value={type} onValueChange={(v) => setParam("type", v === ALL ? null : v)}>
                <Select.Trigger aria-labelledby={`${id}-type`} className="w-72 max-w-full">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value={ALL}>All events</Select.Item>
                  {EVENT_TYPES.map((t) => (
                    <Select.Item key={t} value={t}>
                      {t}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            {scope && (
              <div className="flex flex-wrap items-center gap-2">
                <Text size="small">
                  Only the {scope[1]} <code className="txt-compact-xsmall break-all">{params.get(scope[0])}</code>
                </Text>
                <Button size="small" variant="secondary" onClick={() => setParam(scope[0], null)}>
                  Show all
                </Button>
              </div>
            )}
          </DataTable.Toolbar>
          <DataTable.Table emptyState={{ empty: { heading: "No activity", description: "Changes will show up here." } }} />
          <DataTable.Pagination />
        </DataTable>
      </Container>
    </>
  );
}
