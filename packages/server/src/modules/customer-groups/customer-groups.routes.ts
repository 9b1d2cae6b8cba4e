import type { FastifyRequest } from "fastify";
import { changeContextOf } from "../../http/change-context.js";
import type { App } from "../../http/types.js";
import { invalidData } from "../../shared/errors.js";
import {
  CreateCustomerGroupBody,
  CustomerGroupAddBody,
  CustomerGroupBatchBody,
  CustomerGroupDeleteResponse,
  CustomerGroupResponse,
  CustomerGroupsListResponse,
  GroupMembersListResponse,
  IdParams,
  ListCustomerGroupsQuery,
  ListGroupMembersQuery,
  RetrieveQuery,
  UpdateCustomerGroupBody,
  UpdateCustomerGroupQuery,
} from "@cohort/contract";
import { listCustomers } from "../customers/customer-list-query.js";
import type { CustomersService } from "../customers/customers.service.js";
import type { CustomerGroupsService } from "./customer-groups.service.js";

const tags = ["Customer Groups"];

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
    async (request) => groups.list(request.query),
  );

  app.post(
    "/admin/customer-groups",
    { schema: { tags, summary: "Create a customer group", body: CreateCustomerGroupBody, response: { 200: CustomerGroupResponse } } },
    async (request) => ({ customer_group: await groups.create(request.body, changeContextOf(request)) }),
  );

  app.get(
    "/admin/customer-groups/:id",
    { schema: { tags, summary: "Retrieve a customer group", params: IdParams, querystring: RetrieveQuery, response: { 200: CustomerGroupResponse } } },
    async (request) => ({ customer_group: await groups.retrieve(request.params.id, request.query) }),
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
    async (request) => ({ customer_group: await groups.update(request.params.id, request.body, request.query, changeContextOf(request)) }),
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
