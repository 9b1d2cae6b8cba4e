import { toast as uiToast } from "@medusajs/ui";

/**
 * The console's notifications. Medusa UI opens them top-right by default, where they lie over
 * the page header's actions (Delete, Disable, Rotate secret…) for four seconds, so a second
 * click there hits the toast. Here they open bottom-right, where the Toaster is, over nothing
 * one clicks next.
 */
const WHERE = { position: "bottom-right" } as const;

export const toast = {
  success: (title: string) => uiToast.success(title, WHERE),
  info: (title: string) => uiToast.info(title, WHERE),
};
