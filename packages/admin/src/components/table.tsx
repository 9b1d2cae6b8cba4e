import { EllipsisHorizontal, MagnifyingGlassMini } from "@medusajs/icons";
import {
  Checkbox,
  DropdownMenu,
  IconButton,
  Input,
  createDataTableColumnHelper,
  type DataTablePaginationState,
  type DataTableSortingState,
} from "@medusajs/ui";
import { useEffect, useState, type ReactNode } from "react";

type DataTableColumnHelper<T> = ReturnType<typeof createDataTableColumnHelper<T>>;

/**
 * The state of a server-side table (search, page, sort) and the list query it means:
 * `q`, `offset`, `limit`, `order` as every Cohort list takes them.
 */
export function useServerTable({ pageSize = 20, sort = { id: "created_at", desc: true } }: { pageSize?: number; sort?: DataTableSortingState | null } = {}) {
  const [search, setSearch] = useState("");
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize });
  const [sorting, setSorting] = useState<DataTableSortingState | null>(sort);
  const toFirstPage = () => setPagination((p) => ({ ...p, pageIndex: 0 }));
  return {
    query: {
      q: search || undefined,
      offset: pagination.pageIndex * pagination.pageSize,
      limit: pagination.pageSize,
      order: sorting ? `${sorting.desc ? "-" : ""}${sorting.id}` : undefined,
    },
    /** Spread into useDataTable. */
    table: {
      search: {
        state: search,
        onSearchChange: (value: string) => {
          setSearch(value);
          toFirstPage();
        },
      },
      pagination: { state: pagination, onPaginationChange: setPagination },
      sorting: {
        state: sorting,
        onSortingChange: (value: DataTableSortingState) => {
          setSorting(value);
          toFirstPage();
        },
      },
    },
    toFirstPage,
  };
}

/** A selection column whose checkboxes say what they select. */
export function selectColumn<T>(helper: DataTableColumnHelper<T>, labelOf: (row: T) => string) {
  return helper.select({
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all rows on this page"
        checked={table.getIsSomePageRowsSelected() ? "indeterminate" : table.getIsAllPageRowsSelected()}
        onCheckedChange={(checked) => table.toggleAllPageRowsSelected(!!checked)}
        onClick={(e) => e.stopPropagation()}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={`Select ${labelOf(row.original)}`}
        checked={row.getIsSelected()}
        onCheckedChange={(checked) => row.toggleSelected(!!checked)}
        onClick={(e) => e.stopPropagation()}
      />
    ),
  });
}

export interface RowAction {
  label: string;
  icon?: ReactNode;
  onSelect: () => void;
}

/** A row's menu of actions, behind a button named after the row. */
export function RowActions({ label, actions }: { label: string; actions: RowAction[] }) {
  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton size="small" variant="transparent" aria-label={`Actions for ${label}`} onClick={(e) => e.stopPropagation()}>
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        {actions.map((a) => (
          <DropdownMenu.Item key={a.label} onClick={(e) => e.stopPropagation()} onSelect={a.onSelect} className="flex items-center gap-2 [&>svg]:text-ui-fg-subtle">
            {a.icon}
            {a.label}
          </DropdownMenu.Item>
        ))}
      </DropdownMenu.Content>
    </DropdownMenu>
  );
}

/**
 * The search box of a table, bound to useServerTable's search and debounced. (DataTable.Search
 * renders the library's search input, whose decorative icon is an unlabelled role="img".)
 */
export function TableSearch({ state, onSearchChange, label }: { state: string; onSearchChange: (value: string) => void; label: string }) {
  const [text, setText] = useState(state);
  useEffect(() => {
    if (text === state) return;
    const timer = setTimeout(() => onSearchChange(text), 300);
    return () => clearTimeout(timer);
  }, [text, state, onSearchChange]);
  return (
    <div className="relative w-full sm:w-64">
      <Input size="small" className="pl-7" aria-label={label} placeholder={label} inputMode="search" enterKeyHint="search" value={text} onChange={(e) => setText(e.target.value)} />
      <MagnifyingGlassMini aria-hidden className="text-ui-fg-muted pointer-events-none absolute left-1.5 top-1/2 -translate-y-1/2" />
    </div>
  );
}
