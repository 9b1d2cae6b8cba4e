import { changeContextOf } from "../../http/change-context.js";
import type { App } from "../../http/types.js";
import {
  CreateCustomerBody,
  CustomerResponse,
  CustomerRetrieveQuery,
  CustomersListResponse,
  IdParams,
  ListCustomersQuery,
  UpdateCustomerBody,
} from "@cohort/contract";
import { listCustomers, parseCustomerExpand } from "./customer-list-query.js";
import { ADMIN_DEFAULT_RELATIONS, type CustomersService } from "./customers.service.js";

const tags = ["Customers"];

export function customerRoutes(app: App, customers: CustomersService) {
  app.get(
    "/admin/customers",
    { schema: { tags, summary: "List customers", querystring: ListCustomersQuery, response: { 200: CustomersListResponse } } },
    async (request) => listCustomers(customers, request.query),
  );

  app.post(
    "/admin/customers",
    { schema: { tags, summary: "Create a customer with an account", body: CreateCustomerBody, response: { 201: CustomerResponse } } },
    async (request, reply) => reply.status(201).send({ customer: await customers.create(request.body, changeContextOf(request)) }),
  );

  app.get(
    "/admin/customers/:id",
    {
      schema: {
        tags,
        summary: "Retrieve a customer (default relations: orders, shipping_addresses)",
        params: IdParams,
        querystring: CustomerRetrieveQuery,
        response: { 200: CustomerResponse },
      },
    },
    async (request) => ({ customer: await customers.retrieve(request.params.id, parseCustomerExpand(request.query.expand, ADMIN_DEFAULT_RELATIONS)) }),
  );

  app.post(
    "/admin/customers/:id",
    {
      schema: {
        tags,
        summary: "Update a customer; `groups` replaces its memberships",
        params: IdParams,
        querystring: CustomerRetrieveQuery,
        body: UpdateCustomerBody,
        response: { 200: CustomerResponse },
      },
    },
    async (request) => {
      const relations = parseCustomerExpand(request.query.expand, ADMIN_DEFAULT_RELATIONS);
      return { customer: await customers.update(request.params.id, request.body, relations, changeContextOf(request)) };
    },
  );
}
