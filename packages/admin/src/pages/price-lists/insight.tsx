import { Button, Table, Text } from "@medusajs/ui";
import { useState } from "react";
import { Link } from "react-router-dom";
import { usePriceListConflicts, usePriceListImpact } from "../../api/price-lists";
import { Fields, InlineError, Section } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { countOf, formatAmount } from "../../lib/format";

/** Who the list reaches, where it wins, what it saves, and the prices that look like mistakes. */
export function ImpactSection({ priceListId }: { priceListId: string }) {
  const impact = usePriceListImpact(priceListId);
  const i = impact.data;
  return (
    <Section title="Impact">
      {impact.isError && (
        <div className="px-6 py-4">
          <InlineError>{errorMessage(impact.error)}</InlineError>
        </div>
      )}
      {i && (
        <>
          <Fields
            rows={[
              ["Reaches", i.public ? "Every shopper (no customer group: the list is public)" : countOf(i.customers_entitled, "customer")],
              ["Prices", `${countOf(i.prices, "price")} for ${countOf(i.variants_priced, "variant")}`],
              ["In force now", i.active ? "Yes" : "No (the figures show what it would do)"],
            ]}
          />
          {i.by_currency.length > 0 && (
            <div className="overflow-x-auto rounded outline-none focus-visible:shadow-borders-focus" tabIndex={0} role="group" aria-label="Impact by currency">
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Currency</Table.HeaderCell>
                    <Table.HeaderCell>Variants priced</Table.HeaderCell>
                    <Table.HeaderCell>Where it wins</Table.HeaderCell>
                    <Table.HeaderCell>Mean saving</Table.HeaderCell>
                    <Table.HeaderCell>Largest saving</Table.HeaderCell>
                    <Table.HeaderCell>Above the regular price</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {i.by_currency.map((c) => (
                    <Table.Row key={`${c.currency_code}:${c.region_id ?? ""}`}>
                      <Table.Cell>
                        {c.currency_code.toUpperCase()}
                        {c.region_id ? ` (region ${c.region_id})` : ""}
                      </Table.Cell>
                      <Table.Cell>{c.variants_priced}</Table.Cell>
                      <Table.Cell>{c.variants_winning}</Table.Cell>
                      <Table.Cell>{c.mean_saving == null ? "–" : formatAmount(Math.round(c.mean_saving), c.currency_code)}</Table.Cell>
                      <Table.Cell>{c.max_saving == null ? "–" : formatAmount(c.max_saving, c.currency_code)}</Table.Cell>
                      <Table.Cell className={c.negative_discounts > 0 ? "text-ui-fg-error" : undefined}>{c.negative_discounts}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          {i.negative_discounts.length > 0 && (
            <div className="flex flex-col gap-y-1 px-6 py-4" role="note">
              <Text size="small" weight="plus" className="text-ui-fg-error">
                {countOf(i.negative_discounts.length, "price")} above the variant's regular price (a sale price there never applies):
              </Text>
              <ul className="txt-compact-small flex flex-col gap-y-0.5">
                {i.negative_discounts.slice(0, 20).map((n) => (
                  <li key={n.money_amount_id}>
                    Variant <code>{n.variant_id}</code>: {formatAmount(n.amount, n.currency_code)} against {formatAmount(n.base_amount, n.currency_code)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {i.unpriced_variants.length > 0 && (
            <div className="flex flex-col gap-y-1 px-6 py-4">
              <Text size="small" weight="plus">
                {countOf(i.unpriced_variants.length, "variant")} of the list's products without a list price in a currency it prices:
              </Text>
              <ul className="txt-compact-small flex flex-col gap-y-0.5">
                {i.unpriced_variants.slice(0, 20).map((u) => (
                  <li key={`${u.variant_id}:${u.currency_code}`}>
                    <code>{u.variant_id}</code> in {u.currency_code.toUpperCase()}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </Section>
  );
}

const PAGE = 20;

/** Other active lists that price the same variants differently for customers both reach. */
export function ConflictsSection({ priceListId }: { priceListId: string }) {
  const [offset, setOffset] = useState(0);
  const conflicts = usePriceListConflicts(priceListId, { offset, limit: PAGE });
  const data = conflicts.data;
  return (
    <Section title="Conflicts">
      {conflicts.isError && (
        <div className="px-6 py-4">
          <InlineError>{errorMessage(conflicts.error)}</InlineError>
        </div>
      )}
      {data && data.count === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          No other active list prices these variants differently for the same customers.
        </Text>
      )}
      {data && data.count > 0 && (
        <>
          <div className="overflow-x-auto rounded outline-none focus-visible:shadow-borders-focus" tabIndex={0} role="group" aria-label="Conflicting prices">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Other list</Table.HeaderCell>
                  <Table.HeaderCell>Variant</Table.HeaderCell>
                  <Table.HeaderCell>This list</Table.HeaderCell>
                  <Table.HeaderCell>Other list</Table.HeaderCell>
                  <Table.HeaderCell>Who pays what</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.conflicts.map((c) => (
                  <Table.Row key={`${c.this_price.money_amount_id}:${c.other_price.money_amount_id}`}>
                    <Table.Cell>
                      <Link className="text-ui-fg-interactive hover:underline" to={`/price-lists/${c.price_list_id}`}>
                        {c.price_list_name}
                      </Link>
                    </Table.Cell>
                    <Table.Cell>
                      <code className="txt-compact-xsmall">{c.variant_id}</code>
                    </Table.Cell>
                    <Table.Cell>{formatAmount(c.this_price.amount, c.currency_code)}</Table.Cell>
                    <Table.Cell>{formatAmount(c.other_price.amount, c.currency_code)}</Table.Cell>
                    <Table.Cell className="whitespace-normal">{c.why}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <div className="flex items-center justify-between gap-2 px-6 py-3">
            <Text size="small" className="text-ui-fg-subtle">
              {offset + 1}–{offset + data.conflicts.length} of {data.count}
            </Text>
            <div className="flex gap-2">
              <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                Previous
              </Button>
              <Button size="small" variant="secondary" disabled={offset + PAGE >= data.count} onClick={() => setOffset(offset + PAGE)}>
                Next
              </Button>
            </div>
          </div>
        </>
      )}
    </Section>
  );
}
