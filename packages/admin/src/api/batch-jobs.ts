import type { AdminPostBatchesReq, BatchJob } from "@cohort/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export type { BatchJob };

/** Statuses after which a job does not move by itself (pre_processed waits for a confirm). */
const RESTING = new Set(["pre_processed", "completed", "failed", "canceled"]);
export const isResting = (job: BatchJob | undefined) => !!job && RESTING.has(job.status);

/** A batch job, polled every half second while it runs. */
export function useBatchJob(id: string | null) {
  return useQuery({
    queryKey: [...keys.batchJobs, "detail", id],
    queryFn: async () => (await cohort.admin.batchJobs.retrieve(id!)).batch_job,
    enabled: id !== null,
    refetchInterval: (query) => (isResting(query.state.data) ? false : 500),
  });
}

/** Uploads the file, then creates the job that reads it (as v1's import jobs do). */
export function useStartImport() {
  return useMutation({
    mutationFn: async ({ file, context, dryRun }: { file: File; context: Omit<Record<string, unknown>, "fileKey">; dryRun: boolean }) => {
      const { uploads } = await cohort.admin.uploads.create(file);
      const body = { type: "customer-group-import", context: { ...context, fileKey: uploads[0]!.key }, dry_run: dryRun } as AdminPostBatchesReq;
      return (await cohort.admin.batchJobs.create(body)).batch_job;
    },
  });
}

export function useStartExport() {
  return useMutation({
    mutationFn: async (groupId: string) =>
      (await cohort.admin.batchJobs.create({ type: "customer-group-export", context: { customer_group_id: groupId }, dry_run: false } as AdminPostBatchesReq)).batch_job,
  });
}

export function useJobAction(action: "confirm" | "cancel") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await cohort.admin.batchJobs[action](id)).batch_job,
    onSuccess: (job) => queryClient.setQueryData([...keys.batchJobs, "detail", job.id], job),
  });
}

/** A link on Cohort that serves an upload (a report, an export) to the signed-in admin. */
export async function downloadUrl(fileKey: string): Promise<string> {
  return (await cohort.admin.uploads.getPresignedDownloadUrl({ file_key: fileKey })).download_url;
}
