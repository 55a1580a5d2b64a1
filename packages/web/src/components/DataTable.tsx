/**
 * A Utrecht table in a scroll container that keyboard users can reach (it is a labelled region
 * with a tab stop), for tables wider than a phone.
 */
import '@utrecht/table-css/dist/index.css';
import type { ReactNode } from 'react';

export function DataTable({ label, columns, rows }: { label: string; columns: ReactNode[]; rows: { key: string; cells: ReactNode[] }[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="utrecht-table utrecht-table--html-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {columns.map((c, i) => (
              <th key={i} className="utrecht-table__header-cell" scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map((r) => (
            <tr key={r.key} className="utrecht-table__row">
              {r.cells.map((c, i) => (
                <td key={i} className="utrecht-table__cell">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
