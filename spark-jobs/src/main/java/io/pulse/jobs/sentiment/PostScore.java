package io.pulse.jobs.sentiment;

/**
 * The score of one text on CoreNLP's 0..4 scale: each sentence's class weighted by its length in
 * tokens, so a one-word "Thanks." does not outweigh a paragraph of complaint.
 *
 * @param score weighted mean class, 0 (very negative) .. 4 (very positive)
 * @param sentences sentences CoreNLP split the text into
 * @param tokens tokens over all sentences
 */
public record PostScore(double score, int sentences, int tokens) {}
