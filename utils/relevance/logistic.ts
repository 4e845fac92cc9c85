/**
 * L2-regularised logistic regression on sparse vectors, trained by SGD (Bottou 2012,
 * "Stochastic Gradient Descent Tricks": the 1/(1 + eta0*lambda*t) rate and the scaled weight
 * vector that makes the L2 shrink O(1) per step instead of O(dim)). Warm-startable: after one
 * new label a pass or two from the previous weights is enough.
 */
import { FEATURE_DIM, seededRandom } from './hash';
import type { SparseVector } from './vector';

export interface TrainExample {
  vec: SparseVector;
  /** 1 = wanted, 0 = not. */
  y: 0 | 1;
  /** Importance: label strength x time decay x class balance. */
  weight: number;
}

export interface LinearModel {
  weights: Float32Array;
  bias: number;
  /** SGD steps taken so far: a warm start continues the learning-rate schedule from there. */
  steps: number;
}

export interface LogisticOptions {
  epochs: number;
  /** L2 strength per example. */
  lambda?: number;
  eta0?: number;
  seed?: number;
  /** Start from these weights (copied, not modified). */
  init?: LinearModel | null;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function trainLogistic(examples: readonly TrainExample[], options: LogisticOptions): LinearModel {
  const lambda = options.lambda ?? 1e-4;
  const eta0 = options.eta0 ?? 0.5;
  const v = options.init ? Float32Array.from(options.init.weights) : new Float32Array(FEATURE_DIM);
  let bias = options.init?.bias ?? 0;
  let scale = 1;
  const order = Uint32Array.from(examples.keys());
  const rand = seededRandom(options.seed ?? 1);
  // A warm start goes on with the small steps the model had reached: a few new labels nudge
  // it instead of shaking it as a fresh start's large first steps would.
  let t = options.init?.steps ?? 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    // Fisher-Yates with the seeded generator: reproducible order, no class runs.
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    for (let k = 0; k < order.length; k += 1) {
      const ex = examples[order[k] as number] as TrainExample;
      const { idx, val } = ex.vec;
      let dot = 0;
      for (let i = 0; i < idx.length; i += 1) dot += (v[idx[i] as number] as number) * (val[i] as number);
      const z = scale * dot + bias;
      const eta = eta0 / (1 + eta0 * lambda * t);
      t += 1;
      // Step size bounded so one heavily weighted example cannot overshoot.
      const g = Math.min(eta * ex.weight, 1) * (sigmoid(z) - ex.y);
      scale *= 1 - Math.min(eta * lambda, 0.5);
      if (g !== 0) {
        const step = g / scale;
        for (let i = 0; i < idx.length; i += 1) {
          const b = idx[i] as number;
          v[b] = (v[b] as number) - step * (val[i] as number);
        }
        bias -= g * 0.1; // an unregularised intercept, learned slower than the weights
      }
      if (scale < 1e-6) {
        for (let i = 0; i < v.length; i += 1) v[i] = (v[i] as number) * scale;
        scale = 1;
      }
    }
  }
  if (scale !== 1) for (let i = 0; i < v.length; i += 1) v[i] = (v[i] as number) * scale;
  return { weights: v, bias, steps: t };
}
