/**
 * Per-example losses used by the training loop.
 *
 * Knowledge distillation (Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural
 * Network", arXiv 1503.02531), with α weighting the SOFT term (docs/design.md §3.3):
 *
 *   ℓ_i = (1-α)·CE(y_i, softmax(z_S)) + α·τ²·KL(softmax(z_T/τ) ‖ softmax(z_S/τ))
 *
 * KL(p ‖ q) = Σ_c p_c·(log p_c − log q_c). The τ² factor keeps the soft term's gradient on the
 * same scale as the hard term's when τ changes.
 */
import * as tf from '../backend/tfjs.js';

/** Cross-entropy of one-hot `labels` under softmax(`logits`), one value per example. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1)) as tf.Tensor1D);
}

/**
 * The teacher's side of the KD loss, computed once per training run: softmax(z_T/τ) and its
 * negative entropy Σ_c p_c·log p_c (the part of the KL that does not depend on the student).
 */
export interface TeacherSoftTargets {
  probabilities: tf.Tensor2D;
  negEntropy: tf.Tensor1D;
}

export function teacherSoftTargets(teacherLogits: tf.Tensor2D, temperature: number): TeacherSoftTargets {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const probabilities = tf.exp(logP) as tf.Tensor2D;
    const negEntropy = tf.sum(tf.mul(probabilities, logP), -1) as tf.Tensor1D;
    return { probabilities, negEntropy };
  });
}

/** KD loss per example from precomputed teacher soft targets (the training loop's form). */
export function kdLossFromSoftTargets(
  studentLogits: tf.Tensor2D,
  soft: TeacherSoftTargets,
  labels: tf.Tensor2D,
  temperature: number,
  alpha: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const hard = crossEntropy(studentLogits, labels);
    const logQ = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.sub(soft.negEntropy, tf.sum(tf.mul(soft.probabilities, logQ), -1));
    return tf.add(tf.mul(hard, 1 - alpha), tf.mul(kl, alpha * temperature * temperature)) as tf.Tensor1D;
  });
}

/**
 * KD loss per example (α weights the soft term).
 * @param studentLogits count × classes
 * @param teacherLogits count × classes
 * @param labels one-hot, count × classes
 */
export function kdLoss(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  labels: tf.Tensor2D,
  temperature: number,
  alpha: number,
): tf.Tensor1D {
  return tf.tidy(() =>
    kdLossFromSoftTargets(studentLogits, teacherSoftTargets(teacherLogits, temperature), labels, temperature, alpha),
  );
}
