import { BellAlert, Bolt, Key, MagnifyingGlass, Tag, UserGroup, Users } from "@medusajs/icons";
import { lazy, type ComponentType, type ReactNode } from "react";
import { matchPath } from "react-router-dom";

const loaders = new Map<ComponentType, () => Promise<unknown>>();

/** Each page is its own chunk, loaded when first visited (or preloaded, below). */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType })) as ComponentType;
  loaders.set(Page, load);
  return Page;
};

const CustomerGroupsPage = page(() => import("./pages/customer-groups/list"), "CustomerGroupsPage");
const CustomerGroupPage = page(() => import("./pages/customer-groups/detail"), "CustomerGroupPage");
const CustomersPage = page(() => import("./pages/customers/list"), "CustomersPage");
const CustomerPage = page(() => import("./pages/customers/detail"), "CustomerPage");
const PriceListsPage = page(() => import("./pages/price-lists/list"), "PriceListsPage");
const NewPriceListPage = page(() => import("./pages/price-lists/new"), "NewPriceListPage");
const PriceListPage = page(() => import("./pages/price-lists/detail"), "PriceListPage");
const ExplainPricePage = page(() => import("./pages/pricing/explain"), "ExplainPricePage");
const ActivityPage = page(() => import("./pages/activity/list"), "ActivityPage");
const WebhooksPage = page(() => import("./pages/webhooks/list"), "WebhooksPage");
const WebhookPage = page(() => import("./pages/webhooks/detail"), "WebhookPage");
const ApiTokenPage = page(() => import("./pages/settings/api-token"), "ApiTokenPage");

export interface ConsoleRoute {
  /** Below /app. */
  path: string;
  Page: ComponentType;
  /** Shown in the side navigation when set. */
  nav?: { label: string; icon: ReactNode; section: "main" | "settings" };
}

/**
 * Every signed-in page of the console. A capability's pages are added here (and their data
 * hooks in src/api/); the navigation and the router are built from this list.
 */
export const consoleRoutes: ConsoleRoute[] = [
  { path: "customer-groups", Page: CustomerGroupsPage, nav: { label: "Customer groups", icon: <UserGroup />, section: "main" } },
  { path: "customer-groups/:id", Page: CustomerGroupPage },
  { path: "customers", Page: CustomersPage, nav: { label: "Customers", icon: <Users />, section: "main" } },
  { path: "customers/:id", Page: CustomerPage },
  { path: "price-lists", Page: PriceListsPage, nav: { label: "Price lists", icon: <Tag />, section: "main" } },
  { path: "price-lists/new", Page: NewPriceListPage },
  { path: "price-lists/:id", Page: PriceListPage },
  { path: "pricing/explain", Page: ExplainPricePage, nav: { label: "Why this price?", icon: <MagnifyingGlass />, section: "main" } },
  { path: "activity", Page: ActivityPage, nav: { label: "Activity", icon: <BellAlert />, section: "main" } },
  { path: "webhooks", Page: WebhooksPage, nav: { label: "Webhooks", icon: <Bolt />, section: "settings" } },
  { path: "webhooks/:id", Page: WebhookPage },
  { path: "settings/api-token", Page: ApiTokenPage, nav: { label: "API token", icon: <Key />, section: "settings" } },
];

export const HOME = "/customer-groups";

/** Starts loading the page of a path (below /app) while the session is still being checked. */
export function preloadPage(pathname: string): void {
  const route = consoleRoutes.find((r) => matchPath(`/${r.path}`, pathname));
  if (route) loaders.get(route.Page)?.().catch(() => {});
}
