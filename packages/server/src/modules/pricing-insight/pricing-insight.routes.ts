import type { App } from "../../http/types.js";
import {
  ConflictsQuery,
  ConflictsResponse,
  ExplainQuery,
  ExplainResponse,
  IdParams,
  ImpactQuery,
  ImpactResponse,
} from "@cohort/contract";
import type { PricingInsightService } from "./pricing-insight.service.js";

/** Cohort's own admin routes (not in Medusa v1): see docs/compatibility.md, "Pricing insight". */
export function pricingInsightRoutes(app: App, insight: PricingInsightService) {
  app.get(
    "/admin/pricing/explain",
    {
      schema: {
        tags: ["Pricing insight"],
        summary: "Explain a variant's price for a shopper",
        description:
          "Every price of the variant, whether it applies to the shopper (a customer, a hypothetical member of groups, or an anonymous shopper) at a time, and why not; original_price and calculated_price are what GET /store/products/:id shows that shopper.",
        querystring: ExplainQuery,
        response: { 200: ExplainResponse },
      },
    },
    async (request) => ({ explanation: await insight.explain(request.query) }),
  );

  app.get(
    "/admin/price-lists/:id/impact",
    {
      schema: {
        tags: ["Price Lists"],
        summary: "Preview what a price list does: who is entitled, where it wins, savings, mistakes",
        params: IdParams,
        querystring: ImpactQuery,
        response: { 200: ImpactResponse },
      },
    },
    async (request) => ({ impact: await insight.impact(request.params.id, request.query) }),
  );

  app.get(
    "/admin/price-lists/:id/conflicts",
    {
      schema: {
        tags: ["Price Lists"],
        summary: "Other active lists pricing the same variants differently for a shared customer, and which one wins",
        params: IdParams,
        querystring: ConflictsQuery,
        response: { 200: ConflictsResponse },
      },
    },
    async (request) => insight.conflicts(request.params.id, request.query),
  );
}
