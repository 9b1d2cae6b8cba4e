import { Badge, Button, Container, DatePicker, Input, Label, RadioGroup, Select, StatusBadge, Table, Text } from "@medusajs/ui";
import { useDeferredValue, useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useProducts, useRegions } from "../../api/catalog";
import { useCustomers } from "../../api/customers";
import { useExplanation, type ExplainCandidate, type ExplainQuery, type Explanation } from "../../api/pricing";
import { GroupPicker, type GroupRef } from "../../components/group-picker";
import { InlineError, PageHeader, Section, useTitle } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { formatAmount, formatDateTime, timeZoneLabel } from "../../lib/format";
import { variantLabel } from "../price-lists/prices";
import { quantityRange, reasonText } from "./reasons";

type Shopper = "customer" | "groups" | "anonymous";
interface Picked {
  id: string;
  label: string;
}

/**
 * "Why this price?": the price the store shows a shopper for a variant, and every price of
 * that variant with the reasons it did or did not apply — from the same code that prices the
 * store (GET /admin/pricing/explain).
 */
export function ExplainPricePage() {
  useTitle("Why this price?");
  const id = useId();
  const regions = useRegions();
  const [shopper, setShopper] = useState<Shopper>("customer");
  const [customer, setCustomer] = useState<Picked | null>(null);
  const [groups, setGroups] = useState<GroupRef[]>([]);
  const [variant, setVariant] = useState<Picked | null>(null);
  const [target, setTarget] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [at, setAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [query, setQuery] = useState<ExplainQuery | null>(null);
  const explanation = useExplanation(query);

  const targets: Array<[string, string]> = [
    ...(regions.data ?? []).map((r): [string, string] => [`region:${r.id}`, `${r.name ?? r.id} (${(r.currency_code ?? "").toUpperCase()})`]),
    ...[...new Set((regions.data ?? []).map((r) => r.currency_code).filter((c): c is string => !!c))].map((c): [string, string] => [`currency:${c}`, `${c.toUpperCase()}, any region`]),
  ];
  const chosenTarget = target || targets[0]?.[0] || "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const qty = Number(quantity);
    if (!variant) return setProblem("Choose a variant.");
    if (shopper === "customer" && !customer) return setProblem("Choose a customer, or ask for members of groups or an anonymous shopper.");
    if (shopper === "groups" && groups.length === 0) return setProblem("Choose at least one group.");
    if (!chosenTarget) return setProblem("Choose a region or a currency (create a region first).");
    if (!Number.isInteger(qty) || qty < 1) return setProblem("The quantity must be a whole number of at least 1.");
    setProblem(null);
    const [kind, value] = chosenTarget.split(":") as ["region" | "currency", string];
    setQuery({
      variant_id: variant.id,
      ...(shopper === "customer" ? { customer_id: customer!.id } : shopper === "groups" ? { customer_group_id: groups.map((g) => g.id) } : { anonymous: true }),
      ...(kind === "region" ? { region_id: value } : { currency_code: value }),
      quantity: qty,
      ...(at ? { at: at.toISOString() } : {}),
    });
  };

  return (
    <div className="flex flex-col gap-y-4">
      <PageHeader title="Why this price?">
        <Text size="small" className="text-ui-fg-subtle">
          See the price the store shows a shopper, and why every other price of the variant did or did not apply.
        </Text>
      </PageHeader>
      <Container className="p-6">
        <form className="flex flex-col gap-y-6" onSubmit={submit} noValidate>
          <fieldset className="flex flex-col gap-y-3">
            <legend className="txt-compact-small-plus mb-2">Shopper</legend>
            <RadioGroup value={shopper} onValueChange={(v) => setShopper(v as Shopper)} className="flex flex-wrap gap-x-6 gap-y-2">
              {(
                [
                  ["customer", "A customer"],
                  ["groups", "Members of groups"],
                  ["anonymous", "Not signed in"],
                ] as const
              ).map(([value, label]) => (
                <div key={value} className="flex items-center gap-x-2">
                  <RadioGroup.Item value={value} id={`${id}-${value}`} />
                  <Label htmlFor={`${id}-${value}`}>{label}</Label>
                </div>
              ))}
            </RadioGroup>
            {shopper === "customer" && <CustomerChooser value={customer} onChange={setCustomer} />}
            {shopper === "groups" && <GroupPicker label="The shopper's groups" value={groups} onChange={setGroups} />}
          </fieldset>
          <VariantChooser value={variant} onChange={setVariant} />
          <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
            <div className="flex flex-col gap-y-1">
              <Label id={`${id}-target`}>Region or currency</Label>
              <Select value={chosenTarget} onValueChange={setTarget}>
                <Select.Trigger aria-labelledby={`${id}-target`}>
                  <Select.Value placeholder={regions.isPending ? "Loading…" : "No region yet"} />
                </Select.Trigger>
                <Select.Content>
                  {targets.map(([value, label]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor={`${id}-quantity`}>Quantity</Label>
              <Input id={`${id}-quantity`} type="number" min={1} step={1} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
            </div>
            <div className="date-field flex flex-col gap-y-1">
              <Label id={`${id}-at`}>At</Label>
              <DatePicker aria-labelledby={`${id}-at`} aria-describedby={`${id}-tz`} granularity="minute" value={at} onChange={setAt} />
              <Text size="xsmall" className="text-ui-fg-subtle" id={`${id}-tz`}>
                Your time zone, {timeZoneLabel()}. Empty: now.
              </Text>
            </div>
          </div>
          {(problem || explanation.isError) && <InlineError>{problem ?? errorMessage(explanation.error)}</InlineError>}
          <div>
            <Button type="submit" isLoading={explanation.isFetching}>
              Explain the price
            </Button>
          </div>
        </form>
      </Container>
      {explanation.data && query && <Result explanation={explanation.data} variant={variant?.label ?? explanation.data.variant_id} />}
    </div>
  );
}

/** A customer found by email or name. */
function CustomerChooser({ value, onChange }: { value: Picked | null; onChange: (c: Picked | null) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const customers = useCustomers({ q: deferred || undefined, limit: 5 }, !value && deferred.length > 0);
  if (value) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Text size="small">Customer: {value.label}</Text>
        <Button type="button" size="small" variant="secondary" onClick={() => onChange(null)}>
          Change customer
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={`${id}-q`}>Find a customer by email or name</Label>
      <Input id={`${id}-q`} inputMode="search" value={q} onChange={(e) => setQ(e.target.value)} />
      {customers.isError && <InlineError>{errorMessage(customers.error)}</InlineError>}
      {deferred && customers.data && (
        <ul className="flex flex-col" aria-label="Customers found">
          {customers.data.customers.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 border-b py-1 last:border-b-0">
              <span className="txt-compact-small break-all">{c.email ?? c.id}</span>
              <Button type="button" size="small" variant="secondary" aria-label={`Choose ${c.email ?? c.id}`} onClick={() => onChange({ id: c.id, label: c.email ?? c.id })}>
                Choose
              </Button>
            </li>
          ))}
          {customers.data.customers.length === 0 && <li className="txt-compact-small text-ui-fg-subtle py-1">No customer matches.</li>}
        </ul>
      )}
    </div>
  );
}

/** A variant found by its product's title, its own title or SKU. */
function VariantChooser({ value, onChange }: { value: Picked | null; onChange: (v: Picked | null) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const products = useProducts(deferred, 5);
  if (value) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Text size="small">Variant: {value.label}</Text>
        <Button type="button" size="small" variant="secondary" onClick={() => onChange(null)}>
          Change variant
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={`${id}-q`}>Find a variant by product title, variant or SKU</Label>
      <Input id={`${id}-q`} inputMode="search" value={q} onChange={(e) => setQ(e.target.value)} />
      {products.isError && <InlineError>{errorMessage(products.error)}</InlineError>}
      <ul className="flex flex-col" aria-label="Variants found">
        {(products.data?.products ?? []).flatMap((p) =>
          (p.variants ?? []).map((v) => {
            const label = `${p.title} – ${variantLabel(v)}`;
            return (
              <li key={v.id} className="flex items-center justify-between gap-2 border-b py-1 last:border-b-0">
                <span className="txt-compact-small">{label}</span>
                <Button type="button" size="small" variant="secondary" aria-label={`Choose ${label}`} onClick={() => onChange({ id: v.id, label })}>
                  Choose
                </Button>
              </li>
            );
          }),
        )}
        {products.data && products.data.products.length === 0 && <li className="txt-compact-small text-ui-fg-subtle py-1">No product matches.</li>}
      </ul>
    </div>
  );
}

const TYPE_LABEL: Record<string, string> = { default: "the regular price", sale: "a sale price", override: "an override price" };

function Result({ explanation: e, variant }: { explanation: Explanation; variant: string }) {
  const money = (amount: number | null) => (amount == null ? "no price" : formatAmount(amount, e.currency_code));
  const winnerList = e.winner?.price_list_id ? e.candidates.find((c) => c.money_amount_id === e.winner!.money_amount_id)?.price_list_name : null;
  const sorted = [...e.candidates].sort((a, b) => Number(b.applies) - Number(a.applies) || a.amount - b.amount);
  return (
    <Section title="What the store shows">
      <div className="flex flex-col gap-y-2 px-6 py-4" aria-live="polite">
        <Text>
          {variant}, quantity {e.quantity}, at {formatDateTime(e.at)}: <strong>{money(e.calculated_price)}</strong>
          {e.calculated_price != null && e.calculated_price_type && <> — {TYPE_LABEL[e.calculated_price_type] ?? e.calculated_price_type}</>}
          {winnerList && e.winner?.price_list_id && (
            <>
              {" "}from <Link className="text-ui-fg-interactive hover:underline" to={`/price-lists/${e.winner.price_list_id}`}>{winnerList}</Link>
            </>
          )}
          .
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          Regular price: {money(e.original_price)}. Of the prices that apply, the lowest wins.
        </Text>
      </div>
      <div className="overflow-x-auto rounded outline-none focus-visible:shadow-borders-focus" tabIndex={0} role="group" aria-label="Candidate prices">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Price</Table.HeaderCell>
              <Table.HeaderCell>From</Table.HeaderCell>
              <Table.HeaderCell>Where</Table.HeaderCell>
              <Table.HeaderCell>Quantity</Table.HeaderCell>
              <Table.HeaderCell>Applies</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {sorted.map((c) => (
              <CandidateRow key={c.money_amount_id} c={c} wins={c.money_amount_id === e.winner?.money_amount_id} />
            ))}
          </Table.Body>
        </Table>
      </div>
    </Section>
  );
}

function CandidateRow({ c, wins }: { c: ExplainCandidate; wins: boolean }) {
  const regions = useRegions();
  const region = c.region_id ? regions.data?.find((r) => r.id === c.region_id)?.name ?? c.region_id : null;
  return (
    <Table.Row>
      <Table.Cell>
        <span className="flex items-center gap-x-2">
          {formatAmount(c.amount, c.currency_code)}
          {wins && <Badge size="2xsmall" color="green">Wins</Badge>}
        </span>
      </Table.Cell>
      <Table.Cell>
        {c.price_list_id ? (
          <Link className="text-ui-fg-interactive hover:underline" to={`/price-lists/${c.price_list_id}`}>
            {c.price_list_name || c.price_list_id}
          </Link>
        ) : (
          "Regular price"
        )}
      </Table.Cell>
      <Table.Cell>{region ?? `${c.currency_code.toUpperCase()}, any region`}</Table.Cell>
      <Table.Cell>{quantityRange(c.min_quantity, c.max_quantity)}</Table.Cell>
      <Table.Cell className="whitespace-normal">
        {c.applies ? (
          <StatusBadge color="green">Applies</StatusBadge>
        ) : (
          <ul className="flex flex-col gap-y-0.5">
            {c.reasons.map((r) => (
              <li key={r} className="txt-compact-small text-ui-fg-subtle">
                {reasonText(r)}
              </li>
            ))}
          </ul>
        )}
      </Table.Cell>
    </Table.Row>
  );
}
