/**
 * Shedding whole exchanges to stay within a CPU budget, in both pillars: the budget itself ({@link
 * dev.udsotel.core.shed.CpuBudget}) and the exchanges already assembled that are counted in the metrics instead of
 * exported as spans ({@link dev.udsotel.core.shed.SheddingListener}).
 */
package dev.udsotel.core.shed;
