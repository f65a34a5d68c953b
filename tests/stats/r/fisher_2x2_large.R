# Oracle for klyngestat.stats._exact.fisher_2x2 on tables too large for its integer sums (a survey of up to a
# million answers): R's fisher.test, whose hypergeometric densities (dhyper, Loader's saddle-point algorithm) are
# accurate to about 1e-15. Tables: specialty (a in group of n) against the rest (c of rest), from 20,000 to
# 1,000,000 answers, p-values from near 1 to far below 1e-12; plus a few around the integer/float boundary.
#
# Run from the repository root:  Rscript tests/stats/r/fisher_2x2_large.R   (base R only)

here <- "tests/stats/r"
tables <- rbind(
  c(750, 500, 11231, 7519),
  c(6000, 4000, 5990, 4010),
  c(37500, 25000, 561562, 375938),
  c(300000, 200000, 299500, 200500),
  c(38000, 24500, 560000, 377500),
  c(40000, 22500, 560000, 377500),
  c(3, 62497, 40, 937460),
  c(0, 62500, 12, 937488),
  c(62500, 0, 937000, 500),
  c(1200, 800, 1100, 900),
  c(1000, 1000, 1000, 1000),
  c(150, 1850, 220, 1780),
  c(30000, 32500, 500000, 437500)
)
p <- apply(tables, 1, function(t) fisher.test(matrix(t, 2, byrow = TRUE))$p.value)
storage.mode(tables) <- "integer"
out <- data.frame(a = tables[, 1], b = tables[, 2], c = tables[, 3], d = tables[, 4], p = sprintf("%.17g", p))
write.csv(out, file.path(here, "fisher_2x2_large_expected.csv"), row.names = FALSE, quote = FALSE)
