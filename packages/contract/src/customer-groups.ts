import { Type, type Static } from "@sinclair/typebox";
import { CustomerColumns, customerGroupColumnSchemas, priceListColumnSchemas } from "./columns.js";
import { Comparison, DateComparison, DeleteResponse, listQuery, MetadataInput, NullableMetadataInput } from "./common.js";

/** `customer_count` is Cohort's: the number of members, without loading them. */
export const GROUP_RELATIONS = ["customers", "price_lists", "customer_count"] as const;
export type GroupRelation = (typeof GROUP_RELATIONS)[number];

/** A price list as `expand=price_lists` shows it: its columns, no relations. */
export const CustomerGroupPriceList = Type.Object({ ...priceListColumnSchemas, type: Type.String(), status: Type.String() });

/** Every column is optional because `fields` projects them. */
export const CustomerGroup = Type.Object({
  ...Type.Partial(Type.Object({ ...customerGroupColumnSchemas, name: Type.String({ description: "Unique among groups; case-sensitive" }) })).properties,
  customers: Type.Optional(Type.Array(CustomerColumns, { description: "Only with expand=customers" })),
  price_lists: Type.Optional(Type.Array(CustomerGroupPriceList, { description: "Only with expand=price_lists" })),
  customer_count: Type.Optional(Type.Integer({ description: "Cohort: the number of members; only with expand=customer_count" })),
});
export type CustomerGroup = Static<typeof CustomerGroup>;

export const CustomerGroupResponse = Type.Object({ customer_group: CustomerGroup });

// v1's key order: count, customer_groups, offset, limit.
export const CustomerGroupsListResponse = Type.Object({
  count: Type.Integer(),
  customer_groups: Type.Array(CustomerGroup),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export type CustomerGroupsListResponse = Static<typeof CustomerGroupsListResponse>;

export const CustomerGroupDeleteResponse = DeleteResponse("customer_group");

export const CreateCustomerGroupBody = Type.Object(
  { name: Type.String(), metadata: Type.Optional(MetadataInput) },
  { additionalProperties: false },
);
export type CreateCustomerGroupBody = Static<typeof CreateCustomerGroupBody>;

export const UpdateCustomerGroupBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    // v1's IsOptional lets null through, and a null metadata then changes nothing.
    metadata: Type.Optional(NullableMetadataInput),
  },
  { additionalProperties: false },
);
export type UpdateCustomerGroupBody = Static<typeof UpdateCustomerGroupBody>;

export const CustomerGroupBatchBody = Type.Object(
  {
    customer_ids: Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: false }), {
      description: "Customers to add or remove, as `[{ id }]`; at least 100,000 per call",
    }),
  },
  { additionalProperties: false },
);
export type CustomerGroupBatchBody = Static<typeof CustomerGroupBatchBody>;

/** A membership window bound: an ISO 8601 time with its offset, or null (open). */
const windowBound = (description: string) => Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time", description });

/**
 * Batch add: v1's `[{ id }]`, and Cohort's optional membership window per entry (issue 15).
 * An entry that carries `starts_at` or `expires_at` (null for an open end) sets the window
 * of a new or existing membership to exactly those bounds; an entry with only `id` adds
 * without a window and leaves an existing member as it is (v1: a re-add is a no-op).
 */
export const CustomerGroupAddBody = Type.Object(
  {
    customer_ids: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          starts_at: Type.Optional(windowBound("Cohort: the membership counts from this time (inclusive); null or absent: at once")),
          expires_at: Type.Optional(windowBound("Cohort: the membership stops counting at this time (exclusive); null or absent: never")),
        },
        { additionalProperties: false },
      ),
      { description: "Customers to add, as `[{ id, starts_at?, expires_at? }]`; at least 100,000 per call" },
    ),
  },
  { additionalProperties: false },
);
export type CustomerGroupAddBody = Static<typeof CustomerGroupAddBody>;

/** v1 documents string and array forms too, but 1.20 only accepts the comparison object. */
export const IdComparison = Comparison(Type.String());
export type IdComparison = Static<typeof IdComparison>;

export const ListCustomerGroupsQuery = listQuery(10, {
  q: Type.Optional(Type.String({ description: "Case-insensitive substring of the name" })),
  name: Type.Optional(Type.Array(Type.String(), { description: "Exact names; `name[]=a&name[]=b`" })),
  id: Type.Optional(IdComparison),
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
  discount_condition_id: Type.Optional(Type.String({ description: "Cohort has no discounts: matches no group" })),
});
export type ListCustomerGroupsQuery = Static<typeof ListCustomerGroupsQuery>;

export const UpdateCustomerGroupQuery = Type.Object(
  { expand: Type.Optional(Type.String()), fields: Type.Optional(Type.String({ description: "Accepted and ignored, as v1" })) },
  { additionalProperties: false },
);
