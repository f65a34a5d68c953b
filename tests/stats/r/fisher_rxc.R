# Oracle for the exact (Freeman–Halton) test of klyngestat.stats.significance.cluster_heterogeneity
# (tests/stats/test_significance.py): R's fisher.test on clusters x (in group / not) tables.
#
# Each table is given by its clusters' in-group counts and bases ("7;7;9" and "12;10;12").
# The first is the demo survey's Dermatologi understoetter_kvalitet top box by cluster.
#
# Run from the repository root:  Rscript tests/stats/r/fisher_rxc.R   (base R only)

here <- "tests/stats/r"
tables <- data.frame(
  name = c("dermatologi_understoetter_kvalitet", "three_clusters", "four_uneven", "strong_difference"),
  counts = c("7;7;9;6;7;9;7", "1;5;8", "0;3;4;9", "0;1;9;10"),
  bases = c("12;10;12;9;11;11;8", "8;9;10", "5;8;9;12", "10;9;10;11"),
  stringsAsFactors = FALSE
)
split_int <- function(x) as.integer(strsplit(x, ";")[[1]])
tables$pvalue <- vapply(seq_len(nrow(tables)), function(i) {
  yes <- split_int(tables$counts[i])
  n <- split_int(tables$bases[i])
  fisher.test(cbind(yes, n - yes))$p.value
}, numeric(1))
tables$r_version <- paste(R.version$major, R.version$minor, sep = ".")
print(tables)
write.csv(format(tables, digits = 15), file.path(here, "fisher_rxc_expected.csv"), row.names = FALSE)
