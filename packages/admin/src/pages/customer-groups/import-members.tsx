import { Button, Checkbox, Drawer, Label, Select, Table, Text } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { downloadUrl, isResting, useBatchJob, useJobAction, useStartExport, useStartImport, type BatchJob } from "../../api/batch-jobs";
import { keys } from "../../api/keys";
import { DrawerHeader, InlineError } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { importSummary } from "./import-summary";

/** A bar for a job's progress: the native element, so assistive technology reads it. */
function JobProgress({ job, label }: { job: BatchJob; label: string }) {
  const progress = importSummary(job.result).progress;
  return (
    <div className="flex flex-col gap-y-1" role="status">
      <Text size="small">{label}</Text>
      <progress className="h-2 w-full" aria-label={label} max={progress?.total ?? undefined} value={progress ? progress.done : undefined} />
      {progress && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {progress.done.toLocaleString()} of {progress.total.toLocaleString()}
        </Text>
      )}
    </div>
  );
}

/** A link to an upload on Cohort (fetched on demand: the link is short-lived). */
function DownloadButton({ fileKey, label, filename }: { fileKey: string; label: string; filename: string }) {
  const [error, setError] = useState<string>();
  const open = async () => {
    try {
      const url = await downloadUrl(fileKey);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      a.click();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="flex flex-col gap-y-1">
      <Button type="button" size="small" variant="secondary" onClick={() => void open()}>
        {label}
      </Button>
      {error && <InlineError>{error}</InlineError>}
    </div>
  );
}

/**
 * Loads members from a CSV as a Medusa batch job: a dry run first (counts, unknown emails,
 * rejected rows with their lines), then, on confirm, the change in one transaction with a live
 * progress bar.
 */
export function ImportMembersDrawer({ groupId, groupName, open, onOpenChange }: { groupId: string; groupName: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>{open && <ImportMembers groupId={groupId} groupName={groupName} onDone={() => onOpenChange(false)} />}</Drawer.Content>
    </Drawer>
  );
}

function ImportMembers({ groupId, groupName, onDone }: { groupId: string; groupName: string; onDone: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const start = useStartImport();
  const confirm = useJobAction("confirm");
  const cancel = useJobAction("cancel");
  const [file, setFile] = useState<File | null>(null);
  const [matchBy, setMatchBy] = useState<"email" | "id">("email");
  const [mode, setMode] = useState<"add" | "remove" | "replace">("add");
  const [createMissing, setCreateMissing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useBatchJob(jobId).data;
  const summary = importSummary(job?.result);

  // Once the apply has finished, the group's members and counts are new.
  useEffect(() => {
    if (job?.status === "completed") void Promise.all([queryClient.invalidateQueries({ queryKey: keys.groups }), queryClient.invalidateQueries({ queryKey: keys.customers })]);
  }, [job?.status, queryClient]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem("Choose a CSV file.");
    setProblem(null);
    start.mutate(
      { file, context: { customer_group_id: groupId, match_by: matchBy, mode, create_missing_customers: createMissing }, dryRun: true },
      { onSuccess: (created) => setJobId(created.id) },
    );
  };
  const actionError = start.error ?? confirm.error ?? cancel.error;

  return (
    <div className="flex h-full flex-col overflow-hidden">
      <DrawerHeader title={<>Import members of {groupName}</>} />
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        {!job && (
          <form id={`${id}-form`} className="flex flex-col gap-y-4" onSubmit={submit} noValidate>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor={`${id}-file`}>CSV file</Label>
              <input
                id={`${id}-file`}
                type="file"
                accept=".csv,text/csv"
                aria-describedby={`${id}-file-help`}
                className="txt-compact-small file:bg-ui-button-neutral file:shadow-buttons-neutral file:txt-compact-small-plus file:mr-3 file:rounded-md file:border-0 file:px-2 file:py-1"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <Text id={`${id}-file-help`} size="xsmall" className="text-ui-fg-subtle">
                A header row with an <code>email</code> (or <code>id</code>) column; optional <code>first_name</code>, <code>last_name</code>. Comma or semicolon.
              </Text>
            </div>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <div className="flex flex-col gap-y-1">
                <Label id={`${id}-by`}>Match customers by</Label>
                <Select value={matchBy} onValueChange={(v) => setMatchBy(v as "email" | "id")}>
                  <Select.Trigger aria-labelledby={`${id}-by`}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value="email">Email</Select.Item>
                    <Select.Item value="id">Customer id</Select.Item>
                  </Select.Content>
                </Select>
              </div>
              <div className="flex flex-col gap-y-1">
                <Label id={`${id}-mode`}>What to do</Label>
                <Select value={mode} onValueChange={(v) => setMode(v as "add" | "remove" | "replace")}>
                  <Select.Trigger aria-labelledby={`${id}-mode`}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value="add">Add them to the group</Select.Item>
                    <Select.Item value="remove">Remove them from the group</Select.Item>
                    <Select.Item value="replace">Make them the group's only members</Select.Item>
                  </Select.Content>
                </Select>
              </div>
            </div>
            {matchBy === "email" && mode !== "remove" && (
              <div className="flex items-center gap-x-2">
                <Checkbox id={`${id}-create`} checked={createMissing} onCheckedChange={(on) => setCreateMissing(on === true)} />
                <Label htmlFor={`${id}-create`}>Create customers for unknown emails</Label>
              </div>
            )}
          </form>
        )}
        {job && !isResting(job) && <JobProgress job={job} label={job.status === "processing" || job.status === "confirmed" ? "Applying…" : "Checking the file…"} />}
        {job && (job.status === "pre_processed" || job.status === "completed") && (
          <div className="flex flex-col gap-y-3">
            <Text weight="plus">{job.status === "completed" ? "Done" : `The file has ${summary.rows.toLocaleString()} rows. Nothing has changed yet.`}</Text>
            {job.status === "completed" && summary.applied && (
              <Text size="small" role="status">
                Added {summary.applied.added.toLocaleString()}, removed {summary.applied.removed.toLocaleString()}
                {summary.applied.created ? `, created ${summary.applied.created.toLocaleString()} customers` : ""}.
              </Text>
            )}
            <Table>
              <Table.Body>
                {summary.lines.map((l) => (
                  <Table.Row key={l.label}>
                    <Table.Cell className={l.tone === "warning" ? "text-ui-fg-error" : undefined}>{l.label}</Table.Cell>
                    <Table.Cell className="text-right">{l.count.toLocaleString()}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            {summary.unknownExamples.length > 0 && (
              <div className="flex flex-col gap-y-1">
                <Text size="small" weight="plus">
                  Not found
                </Text>
                <ul className="txt-compact-small flex flex-col">
                  {summary.unknownExamples.slice(0, 10).map((u) => (
                    <li key={u.line} className="break-all">
                      Line {u.line}: {u.value}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {summary.reportFileKey && <DownloadButton fileKey={summary.reportFileKey} label="Download the rejected rows (CSV)" filename="rejected-rows.csv" />}
          </div>
        )}
        {job?.status === "failed" && <InlineError>{summary.errors[0] ?? "The import failed."}</InlineError>}
        {job?.status === "canceled" && (
          // A dry run left unconfirmed too long is canceled by the server, which says why.
          <Text size="small">Canceled: {typeof job.result?.canceled_reason === "string" ? job.result.canceled_reason : "nothing was changed."}</Text>
        )}
        {(problem || actionError) && <InlineError>{problem ?? errorMessage(actionError)}</InlineError>}
      </Drawer.Body>
      <Drawer.Footer>
        {!job && (
          <Button type="submit" form={`${id}-form`} isLoading={start.isPending}>
            Check file
          </Button>
        )}
        {job?.status === "pre_processed" && (
          <>
            <Button variant="secondary" isLoading={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
              Cancel import
            </Button>
            <Button isLoading={confirm.isPending} onClick={() => confirm.mutate(job.id)}>
              Apply
            </Button>
          </>
        )}
        {job && ["completed", "failed", "canceled"].includes(job.status) && (
          <Button
            onClick={() => {
              if (job.status === "completed") toast.success(`Imported members of ${groupName}`);
              onDone();
            }}
          >
            Close
          </Button>
        )}
      </Drawer.Footer>
    </div>
  );
}

/** Exports the group's members as CSV through a batch job, then offers the file. */
export function ExportMembersButton({ groupId, groupName }: { groupId: string; groupName: string }) {
  const start = useStartExport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useBatchJob(jobId).data;
  const running = start.isPending || (!!jobId && !isResting(job));
  const fileKey = job?.status === "completed" ? (job.result as { file_key?: string } | null)?.file_key : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="small" variant="secondary" isLoading={running} onClick={() => start.mutate(groupId, { onSuccess: (created) => setJobId(created.id) })}>
        Export CSV
      </Button>
      {fileKey && <DownloadButton fileKey={fileKey} label="Download the export" filename={`${groupName || groupId}-members.csv`} />}
      {(start.isError || job?.status === "failed") && <InlineError>{start.isError ? errorMessage(start.error) : importSummary(job?.result).errors[0] ?? "The export failed."}</InlineError>}
    </div>
  );
}
