import type { CustomerGroup } from "@cohort/client";
import { usePrompt } from "@medusajs/ui";
import { Link } from "react-router-dom";
import { useDeleteGroup } from "../../api/customer-groups";
import { InlineError } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { priceListsInConflict } from "./conflict";

/** Asks, deletes, and returns what happened; the caller shows the error in place. */
export function useDeleteGroupFlow() {
  const prompt = usePrompt();
  const mutation = useDeleteGroup();
  const run = async (group: CustomerGroup, onDeleted?: () => void) => {
    mutation.reset();
    const confirmed = await prompt({
      title: `Delete ${group.name}?`,
      description: "Its customers stay in the store; they are only no longer in this group. This cannot be undone.",
      confirmText: "Delete",
      cancelText: "Cancel",
      variant: "danger",
    });
    if (!confirmed) return;
    mutation.mutate(group.id!, { onSuccess: onDeleted });
  };
  return { run, mutation };
}

/** The refusal explained: the API's message, and links to the price lists to change first. */
export function DeleteGroupError({ error, groupName }: { error: unknown; groupName?: string }) {
  const lists = priceListsInConflict(error);
  if (lists.length === 0) return <InlineError>{errorMessage(error)}</InlineError>;
  return (
    <div role="alert" className="bg-ui-bg-base border-ui-border-error shadow-borders-base flex flex-col gap-y-2 rounded-lg border p-4">
      <p className="txt-compact-small-plus text-ui-fg-error">{groupName ? `${groupName} was not deleted` : "The group was not deleted"}</p>
      <p className="txt-small text-ui-fg-subtle">
        It is the only customer group of {lists.length === 1 ? "this price list" : "these price lists"}: deleting it would make their prices
        available to every customer. Give {lists.length === 1 ? "it" : "them"} another group, or delete {lists.length === 1 ? "it" : "them"}, first.
      </p>
      <ul className="txt-compact-small flex list-disc flex-col gap-y-1 pl-5">
        {lists.map((l) => (
          <li key={l.id}>
            <Link className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover underline" to={`/price-lists/${l.id}`}>
              {l.name}
            </Link>{" "}
            <span className="text-ui-fg-muted">({l.id})</span>
          </li>
        ))}
      </ul>
      <p className="txt-xsmall text-ui-fg-muted">{errorMessage(error)}</p>
    </div>
  );
}
