/**
 * The line score table: points per period for both teams, with one column
 * per regulation period, overtime columns as they are played, and the
 * total. Cells are created as columns appear and then updated in place.
 *
 * Expected markup: a table with one header row that ends with the total
 * column, and body rows `tr[data-side="away"]` and `tr[data-side="home"]`
 * that each start with a row header and end with the total cell.
 *
 * @module line-score
 */

import { formatPeriod } from './format.js';
import { teamLabel } from './game-fields.js';

function setText(cell, text) {
  if (cell.textContent !== text) {
    cell.textContent = text;
  }
}

/**
 * Adds or removes cells before the last one (the total) until the row has
 * `count` period cells between its first and last cell.
 */
function resizeRow(row, count, createCell) {
  while (row.cells.length - 2 < count) {
    row.insertBefore(createCell(row.cells.length - 1), row.lastElementChild);
  }
  while (row.cells.length - 2 > count) {
    row.lastElementChild.previousElementSibling.remove();
  }
}

/**
 * Updates the table from a game's periods and scores.
 *
 * @param {HTMLTableElement} table the line score table
 * @param {object} game a game as the protocol defines it
 */
export function updateLineScore(table, game) {
  const regulation = game.regulationPeriods ?? 4;
  const sides = ['away', 'home'];
  const columns = Math.max(
    regulation,
    Number.isInteger(game.period) ? game.period : 0,
    ...sides.map((side) => game[side]?.periods?.length ?? 0),
  );

  const headerRow = table.tHead.rows[0];
  resizeRow(headerRow, columns, () => {
    const cell = document.createElement('th');
    cell.scope = 'col';
    return cell;
  });
  for (let period = 1; period <= columns; period += 1) {
    setText(headerRow.cells[period], formatPeriod(period, regulation));
  }

  for (const side of sides) {
    const row = table.querySelector(`tbody tr[data-side="${side}"]`);
    const team = game[side] ?? {};
    resizeRow(row, columns, () => document.createElement('td'));
    setText(row.cells[0], teamLabel(team) || side);
    row.cells[0].title = team.name ?? '';
    for (let period = 1; period <= columns; period += 1) {
      const points = team.periods?.[period - 1];
      setText(row.cells[period], Number.isFinite(points) ? String(points) : '');
    }
    const total = Number.isFinite(team.score) ? String(team.score) : '';
    setText(row.cells[columns + 1], total);
  }
}
