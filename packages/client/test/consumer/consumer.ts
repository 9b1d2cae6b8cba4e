// Compiled by test/dist.test.ts against the BUILT package (dist/*.d.ts), as a consumer
// inside this monorepo would: checks that the emitted declarations resolve and are precise.
import Cohort, { Cohort as Named, CohortError, type AdminUserRes, type Response } from "@cohort/client";

const cohort: Named = new Cohort({ baseUrl: "http://127.0.0.1:9000", apiKey: "k", maxRetries: 2, customHeaders: { "x-a": "1" } });

export async function usage(): Promise<void> {
  const { user, response } = await cohort.admin.users.retrieve("usr_1", { "x-b": "2" });
  const id: string = user.id;
  const role: "admin" | "member" | "developer" = user.role;
  const created: string = user.created_at;
  const status: number = response.status;
  const res: Response<AdminUserRes> = await cohort.admin.users.update(id, { first_name: "A", api_token: "t" });
  void [role, created, status, res];

  const { access_token } = await cohort.admin.auth.getToken({ email: "a@b.co", password: "pw" });
  const token: string = access_token;
  void token;

  // @ts-expect-error role must be one of the enum values
  await cohort.admin.users.create({ email: "a@b.co", password: "pw", role: "owner" });
  // @ts-expect-error unknown field on the user
  void user.password_hash;

  try {
    await cohort.admin.users.list();
  } catch (err) {
    if (err instanceof CohortError) {
      const s: number = err.status;
      const t: string = err.type;
      const data: unknown = err.response?.data;
      void [s, t, data];
    }
  }
}
