import type { PriceList } from "@cohort/client";
import { Plus, Trash } from "@medusajs/icons";
import { Button, Drawer, IconButton, Input, Label, Select, Table, Text } from "@medusajs/ui";
import { toast } from "../../lib/toast";
import { useDeferredValue, useMemo, useState } from "react";
import { useProducts, useRegions } from "../../api/catalog";
import { useSavePrices } from "../../api/price-lists";
import { DrawerHeader, InlineError, Section } from "../../components/page";
import { errorMessage } from "../../lib/cohort";
import { newKey, rowsOf, toPrice, variantLabel, type PriceRow } from "./prices";

/** The list's prices as an editable table: currency or region, amount and quantity tier per row. */
export function PricesEditor({ priceList }: { priceList: PriceList }) {
  const regions = useRegions();
  const save = useSavePrices(priceList.id);
  const initial = useMemo(() => rowsOf(priceList), [priceList]);
  const [rows, setRows] = useState<PriceRow[]>(initial);
  const [error, setError] = useState<string>();
  const [picking, setPicking] = useState(false);
  const regionList = regions.data ?? [];

  const targets = useMemo(() => {
    const currencies = new Set([...regionList.flatMap((r) => (r.currency_code ? [r.currency_code] : [])), ...(priceList.prices ?? []).map((p) => p.currency_code)]);
    return [
      ...regionList.map((r) => [`region:${r.id}`, `${r.name ?? r.id} (${(r.currency_code ?? "").toUpperCase()})`] as const),
      ...[...currencies].sort().map((c) => [`currency:${c}`, `${c.toUpperCase()}, any region`] as const),
    ];
  }, [regionList, priceList.prices]);

  const set = (key: string, patch: Partial<PriceRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const dirty = JSON.stringify(rows) !== JSON.stringify(initial);

  const submit = () => {
    const upsert = [];
    for (const row of rows) {
      const before = initial.find((r) => r.key === row.key);
      if (before && JSON.stringify(before) === JSON.stringify(row)) continue;
      const result = toPrice(row, regionList);
      if ("error" in result) return setError(result.error);
      upsert.push(result.price);
    }
    setError(undefined);
    const remove = initial.filter((r) => !rows.some((x) => x.key === r.key)).map((r) => r.id!);
    // Not mutate's onSuccess: saving refetches the list, which remounts this editor (its key),
    // and React Query drops the callbacks of a mutate whose component has unmounted.
    save.mutateAsync({ upsert, remove }).then(
      () => toast.success("Prices saved"),
      () => {}, // shown in place from save.error
    );
  };

  return (
    <Section
      title="Prices"
      actions={
        <Button size="small" variant="secondary" onClick={() => setPicking(true)}>
          <Plus />
          Add prices
        </Button>
      }
    >
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          No prices yet. Add the variants this list prices.
        </Text>
      ) : (
        <div className="relative overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Variant</Table.HeaderCell>
                <Table.HeaderCell>Currency or region</Table.HeaderCell>
                <Table.HeaderCell>Amount</Table.HeaderCell>
                <Table.HeaderCell>Min quantity</Table.HeaderCell>
                <Table.HeaderCell>Max quantity</Table.HeaderCell>
                <Table.HeaderCell>
                  <span className="sr-only">Remove</span>
                </Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.key}>
                  <Table.Cell className="min-w-[160px]">{row.variant}</Table.Cell>
                  <Table.Cell className="min-w-[200px]">
                    <Select size="small" value={row.target} onValueChange={(target) => set(row.key, { target })}>
                      <Select.Trigger aria-label={`Currency or region of ${row.variant}`}>
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content>
                        {targets.map(([value, label]) => (
                          <Select.Item key={value} value={value}>
                            {label}
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select>
                  </Table.Cell>
                  <Table.Cell className="min-w-[120px]">
                    <Input size="small" inputMode="decimal" aria-label={`Amount of ${row.variant}`} value={row.amount} onChange={(e) => set(row.key, { amount: e.target.value })} />
                  </Table.Cell>
                  <Table.Cell className="min-w-[96px]">
                    <Input size="small" type="number" min={0} aria-label={`Minimum quantity of ${row.variant}`} value={row.min} onChange={(e) => set(row.key, { min: e.target.value })} />
                  </Table.Cell>
                  <Table.Cell className="min-w-[96px]">
                    <Input size="small" type="number" min={0} aria-label={`Maximum quantity of ${row.variant}`} value={row.max} onChange={(e) => set(row.key, { max: e.target.value })} />
                  </Table.Cell>
                  <Table.Cell>
                    <IconButton size="small" variant="transparent" aria-label={`Remove the price of ${row.variant}`} onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                      <Trash />
                    </IconButton>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <div className="flex flex-col gap-y-2 px-6 py-4">
        {regions.isError && <InlineError>{errorMessage(regions.error)}</InlineError>}
        {(error || save.isError) && <InlineError>{error ?? errorMessage(save.error)}</InlineError>}
        <div className="flex flex-wrap items-center justify-end gap-2">
          {dirty && (
            <Button size="small" variant="secondary" onClick={() => setRows(initial)}>
              Undo changes
            </Button>
          )}
          <Button size="small" disabled={!dirty} isLoading={save.isPending} onClick={submit}>
            Save prices
          </Button>
        </div>
      </div>
      <VariantPicker
        open={picking}
        onOpenChange={setPicking}
        onPick={(variant_id, variant) =>
          setRows((rs) => [...rs, { key: newKey(), variant_id, variant, target: targets[0]?.[0] ?? "currency:eur", amount: "", min: "", max: "" }])
        }
      />
    </Section>
  );
}

/** Products and their variants, searched through the admin products API. */
function VariantPicker({ open, onOpenChange, onPick }: { open: boolean; onOpenChange: (open: boolean) => void; onPick: (variantId: string, label: string) => void }) {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q.trim());
  const products = useProducts(deferred, 10);
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <DrawerHeader title="Add prices for variants" />
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="variant-search">Find products by title, variant or SKU</Label>
            <Input id="variant-search" inputMode="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
          </div>
          {products.isError && <InlineError>{errorMessage(products.error)}</InlineError>}
          <ul className="flex flex-col gap-y-4">
            {(products.data?.products ?? []).map((p) => (
              <li key={p.id} className="flex flex-col gap-y-1">
                <Text weight="plus" size="small">
                  {p.title}
                </Text>
                <ul className="flex flex-col">
                  {(p.variants ?? []).map((v) => {
                    const label = `${p.title} – ${variantLabel(v)}`;
                    return (
                      <li key={v.id} className="flex items-center justify-between gap-2 border-b py-1 last:border-b-0">
                        <span className="txt-compact-small">{variantLabel(v)}</span>
                        <Button size="small" variant="secondary" aria-label={`Add ${label}`} onClick={() => {
                          onPick(v.id, label);
                          toast.info(`Added a row for ${label}`);
                        }}>
                          Add
                        </Button>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
            {products.data && products.data.products.length === 0 && (
              <Text size="small" className="text-ui-fg-subtle">
                No product matches.
              </Text>
            )}
          </ul>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button>Done</Button>
          </Drawer.Close>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  );
}
