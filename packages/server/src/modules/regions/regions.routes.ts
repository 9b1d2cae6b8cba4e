import type { App } from "../../http/types.js";
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
import type { RegionsService } from "./regions.service.js";

const tags = ["Regions"];

export function regionRoutes(app: App, regions: RegionsService) {
  app.get(
    "/admin/regions",
    { schema: { tags, summary: "List regions", querystring: AdminRegionsQuery, response: { 200: RegionsListResponse } } },
    async (request) => regions.list(request.query),
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
    async (request) => regions.list(request.query),
  );

  app.get("/store/regions/:id", { schema: { tags, summary: "Get a region (store)", params: IdParams, response: { 200: RegionResponse } } }, async (request) => ({
    region: await regions.retrieve(request.params.id),
  }));
}
