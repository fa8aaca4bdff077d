/**
 * From a validated definition to trials and jobs, without touching the database.
 *
 * <ul>
 *   <li>A trial's <b>identity</b> is the SHA-256 of its full configuration in {@link
 *       dev.sweep.api.grid.CanonicalJson} form (epochs included, aliases resolved, nothing folded),
 *       so a value written twice, or as 0.010 and 0.01, never makes a second trial.
 *   <li>Its <b>training key</b> is the SHA-256 of the same configuration without epochs and with
 *       equivalent values folded (nll is cross_entropy over a softmax; momentum means nothing to
 *       adam and adamw). Trials with one key share one job, trained to their largest epoch count.
 * </ul>
 */
package dev.sweep.api.grid;
