import { Plus } from "@medusajs/icons";
import { Button, Checkbox, Container, DataTable, Drawer, Input, Label, StatusBadge, Text, createDataTableColumnHelper, useDataTable } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useCreateWebhook, useWebhooks, type Webhook } from "../../api/webhooks";
import { DrawerHeader, InlineError, PageHeader, QueryError, useTitle } from "../../components/page";
import { useServerTable } from "../../components/table";
import { errorMessage } from "../../lib/cohort";
import { formatDateTime } from "../../lib/format";
import { describePatterns, EVENT_FAMILIES, patternsOf } from "./event-patterns";

const column = createDataTableColumnHelper<Webhook>();

export function WebhookStatus({ webhook }: { webhook: Webhook }) {
  if (!webhook.enabled) return <StatusBadge color="grey">{webhook.disabled_at ? `Disabled ${formatDateTime(webhook.disabled_at)}` : "Disabled"}</StatusBadge>;
  if (webhook.failing_since) return <StatusBadge color="orange">Failing since {formatDateTime(webhook.failing_since)}</StatusBadge>;
  return <StatusBadge color="green">Enabled</StatusBadge>;
}

/** Endpoints that receive signed event deliveries (Standard Webhooks). */
export function WebhooksPage() {
  useTitle("Webhooks");
  const navigate = useNavigate();
  const list = useServerTable({ pageSize: 20, sort: null });
  const webhooks = useWebhooks({ offset: list.query.offset, limit: list.query.limit });
  const [creating, setCreating] = useState(false);

  const columns = [
    column.accessor("url", {
      header: "URL",
      cell: ({ row }) => (
        <Link to={`/webhooks/${row.original.id}`} className="hover:text-ui-fg-interactive rounded outline-none focus-visible:shadow-borders-focus break-all" onClick={(e) => e.stopPropagation()}>
          {row.original.url}
        </Link>
      ),
    }),
    column.accessor((w) => describePatterns(w.events), { id: "events", header: "Events" }),
    column.display({ id: "status", header: "Status", cell: ({ row }) => <WebhookStatus webhook={row.original} /> }),
    column.accessor("created_at", { header: "Added", cell: ({ getValue }) => formatDateTime(getValue()) }),
  ];
  const table = useDataTable({
    columns,
    data: webhooks.data?.webhooks ?? [],
    getRowId: (w) => w.id,
    rowCount: webhooks.data?.count ?? 0,
    isLoading: webhooks.isPending,
    onRowClick: (_e, row) => navigate(`/webhooks/${row.id}`),
    pagination: list.table.pagination,
  });

  return (
    <>
      <PageHeader
        title="Webhooks"
        actions={
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            <Plus />
            Add endpoint
          </Button>
        }
      >
        <Text size="small" className="text-ui-fg-subtle">
          Cohort posts each event to these URLs, signed with the endpoint's secret (Standard Webhooks), and retries failed deliveries for up to three days.
        </Text>
      </PageHeader>
      {webhooks.isError && <QueryError error={webhooks.error} />}
      <Container className="overflow-hidden p-0">
        <DataTable instance={table}>
          <DataTable.Table emptyState={{ empty: { heading: "No endpoints", description: "Add one to send group and price changes to another system." } }} />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <Drawer open={creating} onOpenChange={setCreating}>
        <Drawer.Content aria-describedby={undefined}>{creating && <CreateWebhookForm onDone={() => setCreating(false)} />}</Drawer.Content>
      </Drawer>
    </>
  );
}

function CreateWebhookForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const create = useCreateWebhook();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [all, setAll] = useState(true);
  const [families, setFamilies] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const events = patternsOf(all, families);
    if (!url.trim()) return setProblem("Enter the URL that receives the events.");
    if (events.length === 0) return setProblem("Choose the events to send.");
    setProblem(null);
    create.mutate(
      { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (webhook) => {
          toast.success("Endpoint added");
          onDone();
          // The secret is in this answer only: the endpoint's page shows it once.
          navigate(`/webhooks/${webhook.id}`, { state: { secret: webhook.secret } });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
      <DrawerHeader title="Add webhook endpoint" />
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="webhook-url">URL</Label>
          <Input id="webhook-url" type="url" placeholder="https://example.com/hooks/cohort" value={url} onChange={(e) => setUrl(e.target.value)} autoFocus />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="webhook-description">Description (optional)</Label>
          <Input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="flex flex-col gap-y-2">
          <legend className="txt-compact-small-plus mb-2">Events</legend>
          <div className="flex items-center gap-x-2">
            <Checkbox id="webhook-all" checked={all} onCheckedChange={(on) => setAll(on === true)} />
            <Label htmlFor="webhook-all">All events, including types added later</Label>
          </div>
          {!all &&
            EVENT_FAMILIES.map((f) => (
              <div key={f.pattern} className="flex items-center gap-x-2 pl-6">
                <Checkbox
                  id={`webhook-${f.pattern}`}
                  checked={families.includes(f.pattern)}
                  onCheckedChange={(on) => setFamilies((fs) => (on === true ? [...fs, f.pattern] : fs.filter((p) => p !== f.pattern)))}
                />
                <Label htmlFor={`webhook-${f.pattern}`}>{f.label}</Label>
              </div>
            ))}
        </fieldset>
        {(problem || create.isError) && <InlineError>{problem ?? errorMessage(create.error)}</InlineError>}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button variant="secondary" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <Button type="submit" isLoading={create.isPending}>
          Add endpoint
        </Button>
      </Drawer.Footer>
    </form>
  );
}
