/**
 * The order in which a `batchModify`'s moves are applied so that mm's own
 * bids and asks never cross, not even between two moves of one batch (the
 * exchange applies a batch's modifies one after another).
 *
 * Model: before the moves, surplus orders are already cancelled; what rests
 * is the kept orders (at their final prices) and the orders still to move
 * (at their old prices). Kept and moved-to prices together are the final
 * ladder, which does not cross. A move to a bid price `t` is therefore safe
 * exactly when `t` is below every ask still waiting to move (other than the
 * moving order itself), and a move to an ask price `t` when `t` is above
 * every bid still waiting to move. Applying a safe move only removes an old
 * price and adds a final one, so it never makes another move unsafe: the
 * moves are emitted in rounds, every round all moves that are safe at its
 * start, moves "going away" (asks up, bids down) first. On a big jump up the
 * asks move first and the bids follow; on a jump down the bids first.
 *
 * Cross-side moves paired in ascending price order (the reconciler's pairing)
 * never deadlock; should some other input leave moves that are never safe,
 * they are returned as `unsafe` and the reconciler turns each into a cancel
 * (before the batch) and a place (after it).
 *
 * @module
 */

import type { Side } from "./_reconcile_types.ts";

/** A pending move: an order now at `fromPx` on `fromSide`, going to `toPx` on `toSide`. */
export interface Move {
  fromSide: Side;
  fromPx: number;
  toSide: Side;
  toPx: number;
}

/** Orders moves so that no intermediate state crosses; see the module doc. */
export function sequenceMoves<M extends Move>(moves: readonly M[]): { ordered: M[]; unsafe: M[] } {
  const ordered: M[] = [];
  let pending = moves.slice();
  while (pending.length > 0) {
    const safe: M[] = [];
    const blocked: M[] = [];
    for (const move of pending) (isSafe(move, pending) ? safe : blocked).push(move);
    if (safe.length === 0) return { ordered, unsafe: blocked };
    safe.sort((a, b) => Number(goesAway(b)) - Number(goesAway(a)));
    for (const move of safe) ordered.push(move);
    pending = blocked;
  }
  return { ordered, unsafe: [] };
}

function isSafe(move: Move, pending: readonly Move[]): boolean {
  for (const other of pending) {
    if (other === move) continue;
    if (move.toSide === "buy" && other.fromSide === "sell" && move.toPx >= other.fromPx) {
      return false;
    }
    if (move.toSide === "sell" && other.fromSide === "buy" && move.toPx <= other.fromPx) {
      return false;
    }
  }
  return true;
}

/** A same-side move away from the other side: a bid down, an ask up. */
function goesAway(move: Move): boolean {
  if (move.fromSide !== move.toSide) return false;
  return move.toSide === "buy" ? move.toPx <= move.fromPx : move.toPx >= move.fromPx;
}
