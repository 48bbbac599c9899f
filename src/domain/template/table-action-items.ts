import { fold, type Table } from './document-tree.js';
import { foldText, isPhrase } from './languages/phrases.js';
import { plainText } from './markdown.js';
import { mentionsIn } from './mentions.js';
import { isPlaceholder } from './placeholder.js';
import type { WalkState } from './walk-state.js';

/** Header cells that name the column holding an action item's text, its owner and its state. */
const ACTION_COLUMN = /^(?:action(?:\sitems?)?s?|tasks?|items?|follow\s?ups?|what|description|remediation)$/i;
const STATE_COLUMN = /^(?:status|state|done)$/i;
const DONE_CELL = /^(?:done|closed|completed?|fixed|resolved|yes|\u2705|\u2714\uFE0F?|x|\[x\])$/iu;

/**
 * Action items kept in a table (`| Action | Owner | Issue |`) under an action-items heading, or in a
 * table whose first header cell says "Action": one item per body row, mentions from every cell, done
 * when a Status/Done cell says so. Placeholder rows are skipped.
 */
export function tableActionItems(params: { table: Table; state: WalkState }): void {
  const [header, ...rows] = params.table.rows;
  if (!header) return;
  const names = header.cells.map((cell) => fold(plainText(cell)));
  const { vocabulary } = params.state.options;
  // Header cells in any enabled language ("Maßnahme", "Responsable", "担当者").
  let column = names.findIndex((n) => ACTION_COLUMN.test(n) || isPhrase(foldText(n), vocabulary.actionColumns));
  if (column === -1 && params.table.context.actionItems && header.cells.length > 2) column = 0;
  if (column === -1 || (!params.table.context.actionItems && column !== 0)) return;
  const stateColumn = names.findIndex((n) => STATE_COLUMN.test(n) || isPhrase(foldText(n), vocabulary.statusColumns));
  for (const row of rows) {
    const text = plainText(row.cells[column] ?? []);
    if (text === '' || isPlaceholder({ text, first: null, vocabulary: params.state.options.vocabulary })) continue;
    const stateCell = stateColumn === -1 ? '' : plainText(row.cells[stateColumn] ?? []);
    params.state.actionItems.push({
      id: params.state.ids.next('action', params.table.context, text),
      text,
      checked: DONE_CELL.test(stateCell),
      line: row.line,
      mentions: mentionsIn(row.cells.flat()),
    });
  }
}
