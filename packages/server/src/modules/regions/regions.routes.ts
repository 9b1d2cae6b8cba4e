import type { App } from "../../http/types.js";
import { parseDateFilter, parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import {
  AdminRegionsQuery,
  CreateRegionBody,
  IdParams,
  RegionDeleteResponse,
  RegionResponse,
  RegionsListResponse,
  StoreRegionsQuery,
  UpdateRegionBody,
} from "@cohort/contract";
import type { RegionListOptions, RegionsService } from "./regions.service.js";

const tags = ["Regions"];

const ORDERABLE = ["created_at", "updated_at", "name", "currency_code", "tax_rate", "id"] as const;
const DEFAULT_ORDER = { column: "created_at", direction: "desc" } as const;
const RELATIONS = ["countries", "payment_providers", "fulfillment_providers"] as const;
const COLUMNS = [
  "id", "name", "currency_code", "tax_rate", "tax_code", "gift_cards_taxable", "automatic_taxes",
  "tax_provider_id", "metadata", "created_at", "updated_at", "deleted_at",
] as const;

interface RegionsQuery extends RegionListOptions {
  relations: Set<(typeof RELATIONS)[number]>;
  fields: string[];
}

/** The list query as typed options, validated in v1's order (order, expand, fields, then the dates). */
function parseRegionsQuery(query: AdminRegionsQuery | StoreRegionsQuery): RegionsQuery {
  const admin: Partial<AdminRegionsQuery> = query;
  const order = parseOrder(query.order, ORDERABLE, DEFAULT_ORDER);
  const relations = parseExpand(query.expand, RELATIONS) ?? new Set(RELATIONS);
  const fields = parseFields(query.fields, COLUMNS, ["id", "created_at"]) ?? [...COLUMNS];
  const filter = {
    q: admin.q,
    created_at: parseDateFilter(query.created_at),
    updated_at: parseDateFilter(query.updated_at),
    deleted_at: parseDateFilter(admin.deleted_at),
  };
  return { filter, page: { offset: query.offset, limit: query.limit, order }, relations, fields };
}

/** GET /admin/regions and /store/regions: the page, projected to `fields` and `expand`. */
async function listRegions(regions: RegionsService, query: AdminRegionsQuery | StoreRegionsQuery) {
  const options = parseRegionsQuery(query);
  const { regions: rows, count } = await regions.list(options);
  const { offset, limit } = options.page;
  return { regions: rows.map((region) => project(region, options.fields, options.relations)), count, offset, limit };
}

export function regionRoutes(app: App, regions: RegionsService) {
  app.get(
    "/admin/regions",
    { schema: { tags, summary: "List regions", querystring: AdminRegionsQuery, response: { 200: RegionsListResponse } } },
    async (request) => listRegions(regions, request.query),
  );

  app.get("/admin/regions/:id", { schema: { tags, summary: "Get a region", params: IdParams, response: { 200: RegionResponse } } }, async (request) => ({
    region: await regions.retrieve(request.params.id),
  }));

  app.post("/admin/regions", { schema: { tags, summary: "Create a region", body: CreateRegionBody, response: { 200: RegionResponse } } }, async (request) => ({
    region: await regions.create(request.body),
  }));

  app.post(
    "/admin/regions/:id",
    { schema: { tags, summary: "Update a region", params: IdParams, body: UpdateRegionBody, response: { 200: RegionResponse } } },
    async (request) => ({ region: await regions.update(request.params.id, request.body) }),
  );

  app.delete(
    "/admin/regions/:id",
    { schema: { tags, summary: "Delete a region", params: IdParams, response: { 200: RegionDeleteResponse } } },
    async (request) => {
      await regions.delete(request.params.id);
      return { id: request.params.id, object: "region" as const, deleted: true as const };
    },
  );

  app.get(
    "/store/regions",
    { schema: { tags, summary: "List regions (store)", querystring: StoreRegionsQuery, response: { 200: RegionsListResponse } } },
    async (request) => listRegions(regions, request.query),
  );

  app.get("/store/regions/:id", { schema: { tags, summary: "Get a region (store)", params: IdParams, response: { 200: RegionResponse } } }, async (request) => ({
    region: await regions.retrieve(request.params.id),
  }));
}
