import { parseDateFilter, parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import type { OrderBy } from "../../shared/list-options.js";
import {
  type Customer,
  CUSTOMER_ORDER_COLUMNS,
  CUSTOMER_RELATIONS,
  customerColumns,
  type CustomerRelation,
  type ListGroupMembersQuery,
} from "@cohort/contract";
import type { CustomerFilter } from "./customers.repository.js";
import type { CustomerListOptions, CustomersService } from "./customers.service.js";

// The query side of the customer list and a group's members list (the customers and the
// customer-groups routes both serve it): the query string as typed list options, and the
// page projected to `fields`.

const MEMBER_RELATIONS = [...CUSTOMER_RELATIONS, "membership"] as const;
const DEFAULT_ORDER: OrderBy = { column: "created_at", direction: "desc" };

/** The admin customer list's options, or (with `groupId`) a group's members list's, validated in v1's order. */
export function parseCustomerListQuery(query: ListGroupMembersQuery, groupId?: string): CustomerListOptions {
  const { offset, limit } = query;
  let order: OrderBy | undefined = query.order ? parseOrder(query.order, CUSTOMER_ORDER_COLUMNS, DEFAULT_ORDER) : undefined;
  if (order?.column === DEFAULT_ORDER.column && order.direction === DEFAULT_ORDER.direction) order = undefined;
  // The members list also takes Cohort's `membership` (each member's window, issue 15).
  const expanded = parseExpand(query.expand, groupId !== undefined ? MEMBER_RELATIONS : CUSTOMER_RELATIONS);
  const withMembership = expanded?.has("membership") ?? false;
  const expand = expanded && new Set([...expanded].filter((r): r is CustomerRelation => r !== "membership"));
  // On the members list a `groups` parameter is accepted and overridden, as in v1.
  const groups = groupId !== undefined ? [groupId] : query.groups;
  const filter: CustomerFilter = {
    q: query.q,
    has_account: query.has_account,
    groups,
    created_at: parseDateFilter(query.created_at),
    updated_at: parseDateFilter(query.updated_at),
    ...(groupId !== undefined ? { membership: query.membership_status, withMembership } : {}),
  };
  // v1 honours `fields` on the customer list (id and created_at always come), and
  // ignores it on a group's members list.
  const fields = groupId === undefined ? parseFields(query.fields, customerColumns, ["id", "created_at"]) : undefined;
  return { filter, order, offset, limit, expand, fields };
}

/**
 * The admin customer list, and (with `groupId`) a group's members list: v1 builds the
 * latter as the former with `groups` forced to that one group.
 */
export async function listCustomers(customers: CustomersService, query: ListGroupMembersQuery, groupId?: string) {
  const options = parseCustomerListQuery(query, groupId);
  const { offset, limit, fields, expand } = options;
  const { customers: rows, count } = await customers.list(options);
  if (!fields) return { customers: rows, count, offset, limit };
  const relations = [...(expand ?? []), ...(options.filter.groups ? ["groups"] : [])];
  return { customers: rows.map((c) => project(c, fields, relations) as Customer), count, offset, limit };
}

/** `expand` of a single customer: the allow-listed relations, else the route's defaults. */
export const parseCustomerExpand = (expand: string | undefined, defaults: CustomerRelation[]): CustomerRelation[] | Set<CustomerRelation> =>
  parseExpand(expand, CUSTOMER_RELATIONS) ?? defaults;
