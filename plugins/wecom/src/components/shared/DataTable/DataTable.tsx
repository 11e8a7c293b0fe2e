import { ReactElement } from 'react';
import {
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';

/** One column of a {@link DataTable}. */
export interface DataTableColumn {
  id: string;
  name: string;
  isRowHeader?: boolean;
}

/** Props of {@link DataTable}. */
export interface DataTableProps<T extends { id: string }> {
  /** The table's accessible name, e.g. "Deliveries". */
  label: string;
  columns: DataTableColumn[];
  rows: T[];
  /** What an empty table says instead. */
  emptyText: string;
  /** The cell of one row in one column (a `Cell` or `CellText`). */
  cell: (column: DataTableColumn, row: T) => ReactElement;
}

/**
 * A read-only table that scrolls sideways on narrow screens: the header, a
 * row per item and a sentence when there is none. The incident page's and
 * the entity card's tables share it.
 */
export function DataTable<T extends { id: string }>(props: DataTableProps<T>) {
  const { columns, cell } = props;
  return (
    <div style={{ overflowX: 'auto' }}>
      <TableRoot aria-label={props.label}>
        <TableHeader columns={columns}>
          {column => (
            <Column id={column.id} isRowHeader={column.isRowHeader}>
              {column.name}
            </Column>
          )}
        </TableHeader>
        <TableBody
          items={props.rows}
          renderEmptyState={() => (
            <Text as="p" variant="body-medium" color="secondary">
              {props.emptyText}
            </Text>
          )}
        >
          {row => (
            <Row id={row.id} columns={columns}>
              {column => cell(column, row)}
            </Row>
          )}
        </TableBody>
      </TableRoot>
    </div>
  );
}
