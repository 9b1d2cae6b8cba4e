import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import type { CustomerGroupRow } from "../../db/schema.js";
import { duplicate, invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { passwordMatches } from "../../shared/login-password.js";
import { hashPassword } from "../../shared/password.js";
import { isUniqueViolation } from "../../db/sql.js";
import { groupBy } from "../../shared/group-by.js";
import { metadataPatch } from "../../shared/metadata.js";
import { inTransaction } from "../../db/transaction.js";
import { systemContext, type ChangeContext } from "../../shared/change-context.js";
import type { EventLog, NewEvent } from "../events/event-log.js";
import {
  type CreateCustomerBody,
  type Customer,
  type CustomerRelation,
  type GroupMembersListResponse,
  type RegisterCustomerBody,
  type StoreUpdateCustomerBody,
  type UpdateCustomerBody,
} from "@cohort/contract";
import type { OrderBy } from "../../shared/list-options.js";
import type { CustomerFilter, CustomerPatch, CustomersRepository, PublicCustomer } from "./customers.repository.js";

export const ACCOUNT_EXISTS = "A customer with the given email already has an account. Log in instead";

/** v1's default relations per route. */
export const ADMIN_DEFAULT_RELATIONS: CustomerRelation[] = ["orders", "shipping_addresses"];
export const STORE_AUTH_RELATIONS: CustomerRelation[] = ["orders", "shipping_addresses"];
export const STORE_CUSTOMER_RELATIONS: CustomerRelation[] = ["billing_address", "shipping_addresses"];

/** What a customer list asks of CustomersService.list (customer-list-query.ts parses it). */
export interface CustomerListOptions {
  filter: CustomerFilter;
  /** undefined: the default order (created_at, newest first). */
  order: OrderBy | undefined;
  offset: number;
  limit: number;
  /** The relations asked for (`membership` excluded: that is `filter.withMembership`). */
  expand: Set<CustomerRelation> | undefined;
  /** The columns to show; undefined: all of them. */
  fields: string[] | undefined;
}

const customerNotFound = (id: string) => notFound(`Customer with id: ${id} was not found`);

/**
 * What other modules read of customers (CustomersRepository is one): the customer group
 * module's expand=customers.
 */
export type CustomerLookup = Pick<CustomersRepository, "membersOf">;

export class CustomersService {
  constructor(
    private readonly db: Database,
    private readonly customers: CustomersRepository,
    private readonly config: Pick<Config, "passwordLogN">,
    private readonly events: EventLog,
  ) {}

  /**
   * A page of the admin customer list, or of a group's members list (`filter.groups` is that
   * one group). With a group filter every customer carries `groups`, holding only the
   * matching groups.
   */
  async list({ filter, order, offset, limit, expand }: CustomerListOptions): Promise<{ customers: GroupMembersListResponse["customers"]; count: number }> {
    const page = await this.customers.pageWithCount(filter, order, offset, limit);
    const count = page.count ?? (await this.customers.count(filter));
    // One group: every customer on the page is its member, so its `groups` is that group.
    const known = page.group !== undefined ? (page.group ? [page.group] : []) : undefined;
    const customers = await this.loadRelations(page.rows, expand ?? [], filter.groups, known);
    return { customers, count };
  }

  /** A customer with these relations (the route parses `expand`). */
  async retrieve(id: string, relations: Iterable<CustomerRelation>): Promise<Customer> {
    const customer = await this.customers.findById(id);
    if (!customer) throw customerNotFound(id);
    const [withRelations] = await this.loadRelations([customer], relations);
    return withRelations!;
  }

  /** The logged-in customer of a store request, or undefined when that customer is gone. */
  async findForStore(id: string, relations: CustomerRelation[]): Promise<Customer | undefined> {
    const customer = await this.customers.findById(id);
    if (!customer) return undefined;
    const [withRelations] = await this.loadRelations([customer], relations);
    return withRelations;
  }

  /** Admin create: always an account (the password is required). */
  create(input: CreateCustomerBody, ctx: ChangeContext = systemContext()): Promise<PublicCustomer> {
    return this.createAccount(input, ctx);
  }

  /** Store registration; a guest customer with the same email does not block it. */
  async register(input: RegisterCustomerBody, ctx: ChangeContext = systemContext("store")): Promise<Customer> {
    const customer = await this.createAccount(input, ctx);
    const [withRelations] = await this.loadRelations([customer], STORE_CUSTOMER_RELATIONS);
    return withRelations!;
  }

  private async createAccount(input: RegisterCustomerBody & { metadata?: Record<string, unknown> }, ctx: ChangeContext): Promise<PublicCustomer> {
    const email = input.email.toLowerCase();
    if (await this.customers.accountExists(email)) throw duplicate(ACCOUNT_EXISTS);
    const password_hash = await hashPassword(input.password, this.config.passwordLogN);
    try {
      return await inTransaction(this.db, async (trx) => {
        const customer = await this.customers.insert(
          {
        id: newId("cus"),
        email,
        first_name: input.first_name ?? null,
        last_name: input.last_name ?? null,
        phone: input.phone ?? null,
        billing_address_id: null,
        has_account: true,
        password_hash,
        metadata: input.metadata ?? null,
          },
          trx,
        );
        await this.events.insert([{ type: "customer.created", data: customer, customer_ids: [customer.id] }], ctx, trx);
        return customer;
      });
    } catch (err) {
      // Two registrations of one email racing each other: the unique index decides.
      if (isUniqueViolation(err)) throw duplicate(ACCOUNT_EXISTS);
      throw err;
    }
  }

  /** The registered customer whose password matches, else null (for AuthService.guardedLogin). */
  async authenticate(email: string, password: string): Promise<PublicCustomer | null> {
    const customer = await this.customers.findAccountWithHash(email.toLowerCase());
    // An unknown email costs a hash check too, so timing does not tell which emails exist.
    if (!(await passwordMatches(password, customer?.password_hash, this.config.passwordLogN)) || !customer) return null;
    const { password_hash: _hash, ...rest } = customer;
    return rest;
  }

  accountExists(email: string): Promise<boolean> {
    return this.customers.accountExists(email.toLowerCase());
  }

  /** Admin update. `groups` replaces every membership of the customer. */
  async update(id: string, input: UpdateCustomerBody, relations: Iterable<CustomerRelation>, ctx: ChangeContext = systemContext()): Promise<Customer> {
    const password_hash = input.password !== undefined ? await hashPassword(input.password, this.config.passwordLogN) : undefined;
    const updated = await inTransaction(this.db, async (trx) => {
      const current = await this.customers.findById(id, trx);
      if (!current) throw customerNotFound(id);
      const email = input.email?.toLowerCase();
      if (email !== undefined && current.has_account && email !== current.email) {
        throw invalidData("Email cannot be changed when the user has registered their account");
      }
      let groupChange: { groups: string[]; added: string[]; removed: string[] } | undefined;
      if (input.groups) {
        const groupIds = [...new Set(input.groups.map((g) => g.id))];
        const missing = await this.customers.firstMissingGroup(groupIds, trx);
        // v1's message comes from the foreign-key violation.
        if (missing !== undefined) throw notFound(`Customer_group with customer_group_id ${missing} does not exist.`);
        groupChange = { groups: groupIds, ...(await this.customers.replaceGroups(id, groupIds, trx)) };
      }
      const patch: CustomerPatch = {
        email,
        first_name: input.first_name,
        last_name: input.last_name,
        phone: input.phone,
        password_hash,
        metadata: metadataPatch(input.metadata),
      };
      const customer = await this.customers.update(id, dropUndefined(patch), trx);
      if (customer) await this.events.insert(customerUpdatedEvents(customer, groupChange), ctx, trx);
      return customer;
    });
    if (!updated) throw customerNotFound(id);
    const [withRelations] = await this.loadRelations([updated], relations);
    return withRelations!;
  }

  /** Store update of the logged-in customer (no groups here: customers cannot see or change them). */
  async storeUpdate(id: string, input: StoreUpdateCustomerBody, ctx: ChangeContext = systemContext("store")): Promise<Customer> {
    const password_hash = input.password !== undefined ? await hashPassword(input.password, this.config.passwordLogN) : undefined;
    const updated = await inTransaction(this.db, async (trx) => {
      const current = await this.customers.findById(id, trx);
      if (!current) throw customerNotFound(id);
      let billing_address_id: string | undefined;
      const billing = input.billing_address;
      if (typeof billing === "string") {
        // Only an address of this customer's own (one of theirs, or their billing address):
        // another customer's address is "not found", whether or not it exists.
        const [address] = await this.customers.addressesById([billing], trx);
        const owned = address && (address.customer_id === id || address.id === current.billing_address_id);
        if (!owned) throw notFound(`Address with id ${billing} was not found`);
        billing_address_id = address.id;
      } else if (billing) {
        const address = { ...billing, country_code: billing.country_code?.toLowerCase() };
        if (current.billing_address_id) {
          await this.customers.updateAddress(current.billing_address_id, address, trx);
        } else {
          billing_address_id = (await this.customers.insertAddress(newId("addr"), address, trx)).id;
        }
      }
      const patch: CustomerPatch = {
        email: input.email?.toLowerCase(),
        first_name: input.first_name,
        last_name: input.last_name,
        phone: input.phone,
        password_hash,
        billing_address_id,
        metadata: metadataPatch(input.metadata),
      };
      const customer = await this.customers.update(id, dropUndefined(patch), trx);
      if (customer) await this.events.insert(customerUpdatedEvents(customer, undefined), ctx, trx);
      return customer;
    });
    if (!updated) throw customerNotFound(id);
    const [withRelations] = await this.loadRelations([updated], STORE_CUSTOMER_RELATIONS);
    return withRelations!;
  }

  /**
   * One query per relation for the whole page. `groupFilter` (a groups filter on the list)
   * always loads `groups`, restricted to the filtered groups, as v1's filtering join does.
   */
  private async loadRelations<R extends PublicCustomer>(
    rows: R[],
    relations: Iterable<CustomerRelation>,
    groupFilter?: string[],
    /** Every row's `groups` when the caller already knows them (a single-group list). */
    knownGroups?: CustomerGroupRow[],
  ): Promise<Array<R & Customer>> {
    const wanted = new Set(relations);
    if (rows.length === 0 || (wanted.size === 0 && !groupFilter)) return rows;
    const ids = rows.map((r) => r.id);
    const billingIds = [...new Set(rows.map((r) => r.billing_address_id).filter((v): v is string => v !== null))];
    const withGroups = wanted.has("groups") || groupFilter !== undefined;
    const [groups, addresses, billing] = await Promise.all([
      withGroups && !knownGroups ? this.customers.groupsOf(ids, groupFilter) : undefined,
      wanted.has("shipping_addresses") ? this.customers.addressesOf(ids) : undefined,
      wanted.has("billing_address") && billingIds.length > 0 ? this.customers.addressesById(billingIds) : undefined,
    ]);
    const groupsBy = groupBy(groups ?? [], (g) => g.customer_id);
    const addressesBy = groupBy(addresses ?? [], (a) => a.customer_id);
    const billingById = new Map((billing ?? []).map((a) => [a.id, a]));
    return rows.map((row) => {
      const out: R & Customer = { ...row };
      if (wanted.has("billing_address")) out.billing_address = row.billing_address_id ? (billingById.get(row.billing_address_id) ?? null) : null;
      if (wanted.has("shipping_addresses")) out.shipping_addresses = addressesBy.get(row.id) ?? [];
      if (wanted.has("orders")) out.orders = []; // Cohort has no orders.
      if (withGroups) out.groups = knownGroups ? [...knownGroups] : (groupsBy.get(row.id) ?? []).map(({ customer_id: _c, ...group }) => group);
      return out;
    });
  }
}

function dropUndefined<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}

/**
 * customer.updated (with the groups when they were set), and one membership event per group
 * the customer really joined or left, so a group's audit trail shows changes made from the
 * customer's side too.
 */
function customerUpdatedEvents(customer: PublicCustomer, groups: { groups: string[]; added: string[]; removed: string[] } | undefined): NewEvent[] {
  const events: NewEvent[] = [
    { type: "customer.updated", data: groups ? { ...customer, groups: groups.groups.map((id) => ({ id })) } : customer, customer_ids: [customer.id] },
  ];
  for (const [type, ids] of [["customer_group.customers_added", groups?.added ?? []], ["customer_group.customers_removed", groups?.removed ?? []]] as const) {
    for (const groupId of ids) {
      events.push({ type, data: { customer_group_id: groupId, customer_ids: [customer.id] }, customer_group_id: groupId, customer_ids: [customer.id] });
    }
  }
  return events;
}
