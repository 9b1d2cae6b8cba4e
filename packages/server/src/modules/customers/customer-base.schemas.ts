import { Type, type Static } from "@sinclair/typebox";
import { Metadata, NullableString, Timestamps } from "../../shared/schemas.js";

// The customer and address columns, apart from the relation-bearing schemas so that
// customers.schemas.ts (customer.groups) and customer-groups.schemas.ts (group.customers)
// can both use them without importing each other.

export const Address = Type.Object({
  id: Type.String(),
  customer_id: NullableString,
  company: NullableString,
  first_name: NullableString,
  last_name: NullableString,
  address_1: NullableString,
  address_2: NullableString,
  city: NullableString,
  country_code: NullableString,
  province: NullableString,
  postal_code: NullableString,
  phone: NullableString,
  metadata: Metadata,
  ...Timestamps,
});
export type Address = Static<typeof Address>;

/** Every serialised customer column; `password_hash` is deliberately absent (Cohort rule 4). */
export const customerColumns = {
  id: Type.String({ description: "`cus_` followed by a ULID" }),
  email: Type.String({ description: "Stored lower-cased" }),
  first_name: NullableString,
  last_name: NullableString,
  billing_address_id: NullableString,
  phone: NullableString,
  has_account: Type.Boolean({ description: "true when the customer registered with a password" }),
  metadata: Metadata,
  ...Timestamps,
};

export const CustomerColumns = Type.Object(customerColumns);
export type CustomerColumns = Static<typeof CustomerColumns>;
