import { Type, type Static } from "@sinclair/typebox";
import { Address, CustomerColumns, customerColumnSchemas, CustomerGroupColumns } from "./columns.js";
import { DateComparison, IdRefs, listQuery, listResponse, MetadataInput, NullableDateTime, NullableMetadataInput, NullableString } from "./common.js";

export const CUSTOMER_RELATIONS = ["orders", "shipping_addresses", "billing_address", "groups"] as const;
export type CustomerRelation = (typeof CUSTOMER_RELATIONS)[number];
export const CUSTOMER_ORDER_COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "has_account",
  "billing_address_id",
  "created_at",
  "updated_at",
] as const;

export const Customer = Type.Object({
  ...customerColumnSchemas,
  billing_address: Type.Optional(Type.Union([Address, Type.Null()])),
  shipping_addresses: Type.Optional(Type.Array(Address)),
  orders: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: "Cohort has no orders: always []" })),
  groups: Type.Optional(Type.Array(CustomerGroupColumns)),
});
export type Customer = Static<typeof Customer>;

export const CustomerResponse = Type.Object({ customer: Customer });

/** A customer in the admin list: `fields` may leave columns out (id and created_at stay). */
export const ListedCustomer = Type.Object({
  ...Type.Partial(CustomerColumns).properties,
  id: customerColumnSchemas.id,
  created_at: customerColumnSchemas.created_at,
  billing_address: Customer.properties.billing_address,
  shipping_addresses: Customer.properties.shipping_addresses,
  orders: Customer.properties.orders,
  groups: Customer.properties.groups,
});

// v1's key order: customers, count, offset, limit.
export const CustomersListResponse = listResponse("customers", ListedCustomer);
export type CustomersListResponse = Static<typeof CustomersListResponse>;

export const ListCustomersQuery = listQuery(50, {
  q: Type.Optional(Type.String({ description: "Case-insensitive substring of email, first_name or last_name" })),
  has_account: Type.Optional(Type.Boolean()),
  groups: Type.Optional(Type.Array(Type.String(), { description: "Customers in any of these groups: `groups[]=a&groups[]=b`" })),
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
});
export type ListCustomersQuery = Static<typeof ListCustomersQuery>;

export const MEMBERSHIP_STATUSES = ["current", "expired", "scheduled"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** The members list's query: the customer list's, plus Cohort's membership filter. */
export const ListGroupMembersQuery = listQuery(50, {
  ...ListCustomersQuery.properties,
  membership_status: Type.Optional(
    Type.Union(MEMBERSHIP_STATUSES.map((s) => Type.Literal(s)), {
      description:
        "Cohort: only members whose window, at the database's now(), is current (started, not expired), expired (expires_at <= now) or scheduled (starts_at > now)",
    }),
  ),
});
export type ListGroupMembersQuery = Static<typeof ListGroupMembersQuery>;

/** A membership's window (Cohort, migration 0014); null bounds are open. */
export const MembershipWindow = Type.Object(
  { starts_at: NullableDateTime, expires_at: NullableDateTime },
  { description: "Cohort: only with expand=membership" },
);

/** A member as the members list shows it: `membership` only with `expand=membership`. */
export const ListedGroupMember = Type.Object({
  ...ListedCustomer.properties,
  membership: Type.Optional(MembershipWindow),
});

export const GroupMembersListResponse = listResponse("customers", ListedGroupMember);
export type GroupMembersListResponse = Static<typeof GroupMembersListResponse>;

export const CustomerRetrieveQuery = Type.Object(
  {
    expand: Type.Optional(Type.String({ description: "orders, shipping_addresses, billing_address, groups; replaces the defaults" })),
    fields: Type.Optional(Type.String({ description: "Accepted and ignored, as v1" })),
  },
  { additionalProperties: false },
);
export type CustomerRetrieveQuery = Static<typeof CustomerRetrieveQuery>;

export const CreateCustomerBody = Type.Object(
  {
    email: Type.String({ format: "email" }),
    first_name: Type.String(),
    last_name: Type.String(),
    password: Type.String(),
    phone: Type.Optional(Type.String()),
    metadata: Type.Optional(MetadataInput),
  },
  { additionalProperties: false },
);
export type CreateCustomerBody = Static<typeof CreateCustomerBody>;

export const UpdateCustomerBody = Type.Object(
  {
    email: Type.Optional(Type.String({ format: "email" })),
    first_name: Type.Optional(NullableString),
    last_name: Type.Optional(NullableString),
    phone: Type.Optional(NullableString),
    password: Type.Optional(Type.String()),
    metadata: Type.Optional(NullableMetadataInput),
    groups: Type.Optional(IdRefs),
  },
  { additionalProperties: false },
);
export type UpdateCustomerBody = Static<typeof UpdateCustomerBody>;

// ---- store ----

export const StoreLoginBody = Type.Object(
  {
    email: Type.String({ format: "email", "x-missing": "email must be an email" }),
    password: Type.String({ minLength: 1, "x-missing": "password should not be empty" }),
  },
  { additionalProperties: false },
);
export type StoreLoginBody = Static<typeof StoreLoginBody>;

export const RegisterCustomerBody = Type.Object(
  {
    email: Type.String({ format: "email" }),
    password: Type.String(),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RegisterCustomerBody = Static<typeof RegisterCustomerBody>;

export const AddressPayload = Type.Object(
  {
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    metadata: Type.Optional(MetadataInput),
    company: Type.Optional(Type.String()),
    address_1: Type.Optional(Type.String()),
    address_2: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    country_code: Type.Optional(Type.String()),
    province: Type.Optional(Type.String()),
    postal_code: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type AddressPayload = Static<typeof AddressPayload>;

export const StoreUpdateCustomerBody = Type.Object(
  {
    billing_address: Type.Optional(
      Type.Union([AddressPayload, Type.String()], { description: "A new billing address, or the id of an existing address" }),
    ),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    email: Type.Optional(Type.String({ format: "email" })),
    metadata: Type.Optional(MetadataInput),
  },
  { additionalProperties: false },
);
export type StoreUpdateCustomerBody = Static<typeof StoreUpdateCustomerBody>;

/** Customers cannot see their groups through the store API. */
export const StoreCustomer = Type.Omit(Customer, ["groups"]);
export const StoreCustomerResponse = Type.Object({ customer: StoreCustomer });

export const CustomerExistsResponse = Type.Object({ exists: Type.Boolean() });
export const CustomerTokenResponse = Type.Object({ access_token: Type.String() });
export const EmailParams = Type.Object({ email: Type.String() });
