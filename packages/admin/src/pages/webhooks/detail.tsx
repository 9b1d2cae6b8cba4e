import { Button, Container, Copy, DataTable, StatusBadge, Text, createDataTableColumnHelper, useDataTable, usePrompt } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useEffect, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router-dom";
import { useDeleteWebhook, useDeliveries, useRedeliver, useRotateSecret, useUpdateWebhook, useWebhook, type WebhookDelivery } from "../../api/webhooks";
import { Fields, InlineError, PageHeader, QueryError, Section, useTitle } from "../../components/page";
import { useServerTable } from "../../components/table";
import { errorMessage } from "../../lib/cohort";
import { formatDateTime } from "../../lib/format";
import { describePatterns } from "./event-patterns";
import { WebhookStatus } from "./list";

/** A webhook endpoint: its settings, its secret (shown once), and its deliveries. */
export function WebhookPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const webhook = useWebhook(id);
  const update = useUpdateWebhook(id);
  const rotate = useRotateSecret(id);
  const remove = useDeleteWebhook();
  const prompt = usePrompt();
  const [secret, setSecret] = useState<string | undefined>((location.state as { secret?: string } | null)?.secret);
  // The secret came in the history entry's state, which a reload would show again: drop it there.
  useEffect(() => {
    if ((location.state as { secret?: string } | null)?.secret) navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  useTitle(webhook.data?.url ?? "Webhook");

  if (webhook.isError) return <QueryError error={webhook.error} />;
  const w = webhook.data;

  const rotateSecret = async () => {
    const ok = await prompt({
      title: "Rotate the signing secret?",
      description: "Deliveries are signed with the new secret at once: the receiver must be given it.",
      confirmText: "Rotate",
      cancelText: "Cancel",
      variant: "danger",
    });
    if (ok) rotate.mutate(undefined, { onSuccess: (rotated) => (setSecret(rotated.secret), toast.success("New secret made")) });
  };
  const deleteEndpoint = async () => {
    const ok = await prompt({ title: "Delete this endpoint?", description: "No more events are sent to it.", confirmText: "Delete", cancelText: "Cancel" });
    if (ok) remove.mutate(id, { onSuccess: () => (toast.success("Endpoint deleted"), navigate("/webhooks")) });
  };
  const actionError = update.error ?? rotate.error ?? remove.error;

  return (
    <div className="flex flex-col gap-y-4">
      <PageHeader
        title={w?.url ?? "…"}
        back={{ to: "/webhooks", label: "Webhooks" }}
        actions={
          w && (
            <>
              <Button size="small" variant="secondary" isLoading={update.isPending} onClick={() => update.mutate({ enabled: !w.enabled }, { onSuccess: (u) => toast.success(u.enabled ? "Endpoint enabled" : "Endpoint disabled") })}>
                {w.enabled ? "Disable" : "Enable"}
              </Button>
              <Button size="small" variant="secondary" isLoading={rotate.isPending} onClick={rotateSecret}>
                Rotate secret
              </Button>
              <Button size="small" variant="danger" isLoading={remove.isPending} onClick={deleteEndpoint}>
                Delete
              </Button>
            </>
          )
        }
      />
      {actionError && <InlineError>{errorMessage(actionError)}</InlineError>}
      {secret && (
        <Container className="flex flex-col gap-y-2 p-6" role="status">
          <Text weight="plus">Signing secret</Text>
          <Text size="small" className="text-ui-fg-subtle">
            Give it to the receiver now: it is not shown again (rotate it to make a new one).
          </Text>
          <div className="flex items-center gap-x-2">
            <code className="txt-compact-small bg-ui-bg-subtle break-all rounded px-2 py-1" aria-label="Signing secret">
              {secret}
            </code>
            <Copy content={secret} asChild>
              <Button size="small" variant="secondary">
                Copy
              </Button>
            </Copy>
          </div>
        </Container>
      )}
      {w && (
        <Section title="Endpoint">
          <Fields
            rows={[
              ["URL", w.url],
              ["Events", describePatterns(w.events)],
              ["Description", w.description || "–"],
              ["Status", <WebhookStatus key="s" webhook={w} />],
              ["Added", formatDateTime(w.created_at)],
            ]}
          />
        </Section>
      )}
      <Deliveries webhookId={id} />
    </div>
  );
}

const column = createDataTableColumnHelper<WebhookDelivery>();
const STATUS_COLOR = { pending: "orange", succeeded: "green", failed: "red" } as const;

function Deliveries({ webhookId }: { webhookId: string }) {
  const list = useServerTable({ pageSize: 20, sort: null });
  const deliveries = useDeliveries(webhookId, { offset: list.query.offset, limit: list.query.limit });
  const redeliver = useRedeliver(webhookId);

  const columns = [
    column.accessor("created_at", { header: "Event at", cell: ({ getValue }) => formatDateTime(getValue()) }),
    column.accessor((d) => d.event_type ?? d.event_id, { id: "event", header: "Event", cell: ({ getValue }) => <code className="txt-compact-xsmall">{getValue()}</code> }),
    column.accessor("status", { header: "Status", cell: ({ getValue }) => <StatusBadge color={STATUS_COLOR[getValue()]}>{getValue()}</StatusBadge> }),
    column.accessor("attempts", { header: "Attempts" }),
    column.accessor((d) => (d.response_status ? `HTTP ${d.response_status}` : d.error ?? "–"), { id: "answer", header: "Last answer" }),
    column.accessor((d) => (d.status === "pending" && d.next_attempt_at ? formatDateTime(d.next_attempt_at) : "–"), { id: "next", header: "Next attempt" }),
    column.display({
      id: "redeliver",
      header: () => <span className="sr-only">Redeliver</span>,
      cell: ({ row }) => (
        <Button
          size="small"
          variant="secondary"
          aria-label={`Redeliver ${row.original.event_type ?? row.original.event_id}`}
          onClick={() => redeliver.mutate(row.original.id, { onSuccess: () => toast.success("Queued for delivery") })}
        >
          Redeliver
        </Button>
      ),
    }),
  ];
  const table = useDataTable({
    columns,
    data: deliveries.data?.deliveries ?? [],
    getRowId: (d) => d.id,
    rowCount: deliveries.data?.count ?? 0,
    isLoading: deliveries.isPending,
    pagination: list.table.pagination,
  });
  return (
    <Section title="Deliveries">
      {deliveries.isError && (
        <div className="px-6 py-4">
          <InlineError>{errorMessage(deliveries.error)}</InlineError>
        </div>
      )}
      {redeliver.isError && (
        <div className="px-6 py-4">
          <InlineError>{errorMessage(redeliver.error)}</InlineError>
        </div>
      )}
      <DataTable instance={table}>
        <DataTable.Table emptyState={{ empty: { heading: "No deliveries yet", description: "Events sent to this endpoint show up here." } }} />
        <DataTable.Pagination />
      </DataTable>
    </Section>
  );
}
