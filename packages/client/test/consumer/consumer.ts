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

  const { customer_group } = await cohort.admin.customerGroups.create({ name: "VIP" });
  const groupId: string = customer_group.id;
  const { customer_groups, count } = await cohort.admin.customerGroups.list({ name: ["VIP"], created_at: { gt: new Date() }, limit: 5 });
  void [customer_groups.length, count];
  await cohort.admin.customerGroups.addCustomers(groupId, { customer_ids: [{ id: "cus_1" }] });
  // @ts-expect-error customer_ids are objects, as v1 expects
  await cohort.admin.customerGroups.addCustomers(groupId, { customer_ids: ["cus_1"] });
  const { price_list } = await cohort.admin.priceLists.create({ name: "n", description: "d", type: "sale", prices: [], customer_groups: [{ id: groupId }] });
  const listType: "sale" | "override" = price_list.type;
  const { products } = await cohort.products.list({ region_id: "reg_1" });
  const price: number | null | undefined = products[0]?.variants?.[0]?.calculated_price;
  const { customer } = await cohort.customers.create({ email: "a@b.co", password: "pw" });
  // @ts-expect-error the store API does not show groups
  void customer.groups;
  void [listType, price];

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
