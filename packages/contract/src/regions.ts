import { Type, type Static } from "@sinclair/typebox";
import { DateComparison, DeleteResponse, listQuery, listResponse, Metadata, MetadataInput, NullableString, Timestamps } from "./common.js";

export const RegionCountry = Type.Object({
  iso_2: Type.String({ description: "ISO 3166-1 alpha-2 code, lower-case" }),
  name: Type.String(),
  display_name: Type.String(),
  region_id: NullableString,
});

export const RegionProvider = Type.Object({ id: Type.String(), is_installed: Type.Boolean() });

const regionProperties = {
  id: Type.String(),
  name: Type.String(),
  currency_code: Type.String(),
  tax_rate: Type.Number(),
  tax_code: NullableString,
  gift_cards_taxable: Type.Boolean(),
  automatic_taxes: Type.Boolean(),
  tax_provider_id: NullableString,
  metadata: Metadata,
  ...Timestamps,
  countries: Type.Array(RegionCountry),
  payment_providers: Type.Array(RegionProvider),
  fulfillment_providers: Type.Array(RegionProvider),
};
export const Region = Type.Object(regionProperties);
export type Region = Static<typeof Region>;
/** A region in a list: `fields` and `expand` may leave any key out. */
export const RegionListItem = Type.Partial(Type.Object(regionProperties));

export const RegionResponse = Type.Object({ region: Region });
export const RegionsListResponse = listResponse("regions", RegionListItem);
export const RegionDeleteResponse = DeleteResponse("region");

const regionFields = {
  name: Type.String(),
  currency_code: Type.String(),
  tax_rate: Type.Number(),
  tax_code: Type.Optional(Type.String()),
  gift_cards_taxable: Type.Optional(Type.Boolean()),
  automatic_taxes: Type.Optional(Type.Boolean()),
  countries: Type.Optional(Type.Array(Type.String())),
  payment_providers: Type.Optional(Type.Array(Type.String())),
  fulfillment_providers: Type.Optional(Type.Array(Type.String())),
  metadata: Type.Optional(MetadataInput),
};

// `includes_tax` is left out on purpose: with v1's default flags it is an unknown property.
export const CreateRegionBody = Type.Object(regionFields, { additionalProperties: false });
export type CreateRegionBody = Static<typeof CreateRegionBody>;

export const UpdateRegionBody = Type.Object(
  {
    ...regionFields,
    name: Type.Optional(regionFields.name),
    currency_code: Type.Optional(regionFields.currency_code),
    tax_rate: Type.Optional(regionFields.tax_rate),
  },
  { additionalProperties: false },
);
export type UpdateRegionBody = Static<typeof UpdateRegionBody>;

const dateFilters = {
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
};

export const AdminRegionsQuery = listQuery(50, { ...dateFilters, deleted_at: Type.Optional(DateComparison), q: Type.Optional(Type.String()) });
export type AdminRegionsQuery = Static<typeof AdminRegionsQuery>;

export const StoreRegionsQuery = listQuery(100, dateFilters);
export type StoreRegionsQuery = Static<typeof StoreRegionsQuery>;
