import type { FastifyRequest } from "fastify";
import { changeContextOf } from "../../http/change-context.js";
import { parseDateFilter, parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import type { App } from "../../http/types.js";
import { invalidData } from "../../shared/errors.js";
import type { DateOp } from "../../shared/list-options.js";
import {
  CreateCustomerGroupBody,
  CustomerGroupAddBody,
  CustomerGroupBatchBody,
  CustomerGroupDeleteResponse,
  CustomerGroupResponse,
  customerGroupColumns,
  CustomerGroupsListResponse,
  GROUP_RELATIONS,
  GroupMembersListResponse,
  type IdComparison,
  IdParams,
  ListCustomerGroupsQuery,
  ListGroupMembersQuery,
  RetrieveQuery,
  UpdateCustomerGroupBody,
  UpdateCustomerGroupQuery,
} from "@cohort/contract";
import { listCustomers } from "../customers/customer-list-query.js";
import type { CustomersService } from "../customers/customers.service.js";
import type { CustomerGroupListOptions, CustomerGroupsService } from "./customer-groups.service.js";

const tags = ["Customer Groups"];

const ORDER_COLUMNS = ["id", "name", "created_at", "updated_at"] as const;
const OPS: Record<keyof IdComparison, DateOp> = { lt: "<", gt: ">", lte: "<=", gte: ">=" };

/** The list query as typed options, validated in v1's order (order, expand, fields, then the dates). */
function parseGroupsQuery(query: ListCustomerGroupsQuery): CustomerGroupListOptions & { fields: string[] | undefined } {
  const { offset, limit } = query;
  const order = parseOrder(query.order, ORDER_COLUMNS, { column: "created_at", direction: "desc" });
  const expand = parseExpand(query.expand, GROUP_RELATIONS);
  const fields = parseFields(query.fields, customerGroupColumns, ["id", "created_at"]);
  const filter = {
    q: query.q,
    names: query.name,
    id: Object.entries(query.id ?? {}).map(([op, value]): [DateOp, string] => [OPS[op as keyof IdComparison], value as string]),
    created_at: parseDateFilter(query.created_at),
    updated_at: parseDateFilter(query.updated_at),
  };
  return { filter, order, offset, limit, expand, fields };
}

/** GET /admin/customer-groups: the page, projected to `fields` and `expand`. */
async function listGroups(groups: CustomerGroupsService, query: ListCustomerGroupsQuery) {
  const options = parseGroupsQuery(query);
  const { offset, limit, fields, expand } = options;
  // Cohort has no discounts, so no group is linked to a discount condition.
  if (query.discount_condition_id !== undefined) return { count: 0, customer_groups: [], offset, limit };
  const { count, customer_groups } = await groups.list(options);
  return { count, customer_groups: customer_groups.map((g) => project(g, fields, expand ?? [])), offset, limit };
}

/** GET /admin/customer-groups/:id: `expand` and `fields` (id always comes). */
async function retrieveGroup(groups: CustomerGroupsService, id: string, query: { expand?: string; fields?: string }) {
  const expand = parseExpand(query.expand, GROUP_RELATIONS);
  const fields = parseFields(query.fields, customerGroupColumns, ["id"]);
  return project(await groups.retrieve(id, expand), fields, expand ?? []);
}

/**
 * v1 refuses a scalar `name` and the string/array forms of `id`; the query validator would
 * otherwise coerce a scalar into a one-element array, so this runs before it.
 */
async function refuseScalarFilters(request: FastifyRequest) {
  const query = request.query as Record<string, unknown>;
  if (typeof query.name === "string") throw invalidData("name must be an array");
  if (typeof query.id === "string" || Array.isArray(query.id)) throw invalidData("nested property id must be either object or array");
}

export function customerGroupRoutes(app: App, groups: CustomerGroupsService, customers: CustomersService) {
  app.get(
    "/admin/customer-groups",
    {
      preValidation: refuseScalarFilters,
      schema: { tags, summary: "List customer groups", querystring: ListCustomerGroupsQuery, response: { 200: CustomerGroupsListResponse } },
    },
    async (request) => listGroups(groups, request.query),
  );

  app.post(
    "/admin/customer-groups",
    { schema: { tags, summary: "Create a customer group", body: CreateCustomerGroupBody, response: { 200: CustomerGroupResponse } } },
    async (request) => ({ customer_group: await groups.create(request.body, changeContextOf(request)) }),
  );

  app.get(
    "/admin/customer-groups/:id",
    { schema: { tags, summary: "Retrieve a customer group", params: IdParams, querystring: RetrieveQuery, response: { 200: CustomerGroupResponse } } },
    async (request) => ({ customer_group: await retrieveGroup(groups, request.params.id, request.query) }),
  );

  app.post(
    "/admin/customer-groups/:id",
    {
      schema: {
        tags,
        summary: "Update a customer group (metadata is merged; a key set to \"\" is removed)",
        params: IdParams,
        querystring: UpdateCustomerGroupQuery,
        body: UpdateCustomerGroupBody,
        response: { 200: CustomerGroupResponse },
      },
    },
    async (request) => {
      // `fields` is accepted and ignored on update, as v1 does; `expand` is honoured.
      const expand = parseExpand(request.query.expand, GROUP_RELATIONS);
      return { customer_group: await groups.update(request.params.id, request.body, expand, changeContextOf(request)) };
    },
  );

  app.delete(
    "/admin/customer-groups/:id",
    {
      schema: {
        tags,
        summary: "Delete a customer group (idempotent; refused while it is the only group of a price list)",
        params: IdParams,
        response: { 200: CustomerGroupDeleteResponse },
      },
    },
    async (request) => {
      await groups.delete(request.params.id, changeContextOf(request));
      return { id: request.params.id, object: "customer_group" as const, deleted: true as const };
    },
  );

  app.post(
    "/admin/customer-groups/:id/customers/batch",
    {
      schema: {
        tags,
        summary:
          "Add customers to a group (all or nothing; existing members are ignored, except that an entry with starts_at/expires_at sets an existing member's window)",
        params: IdParams,
        body: CustomerGroupAddBody,
        response: { 200: CustomerGroupResponse },
      },
    },
    async (request) => ({ customer_group: await groups.addCustomers(request.params.id, request.body, changeContextOf(request)) }),
  );

  app.delete(
    "/admin/customer-groups/:id/customers/batch",
    {
      schema: {
        tags,
        summary: "Remove customers from a group (non-members are ignored)",
        params: IdParams,
        body: CustomerGroupBatchBody,
        response: { 200: CustomerGroupResponse },
      },
    },
    async (request) => ({ customer_group: await groups.removeCustomers(request.params.id, request.body, changeContextOf(request)) }),
  );

  app.get(
    "/admin/customer-groups/:id/customers",
    {
      schema: {
        tags,
        summary:
          "List the customers of a group (an unknown group has no customers); Cohort: expand=membership shows each member's window, membership_status filters by it",
        params: IdParams,
        querystring: ListGroupMembersQuery,
        response: { 200: GroupMembersListResponse },
      },
    },
    async (request) => listCustomers(customers, request.query, request.params.id),
  );
}
