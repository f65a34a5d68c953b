# Oracle for the exact test of klyngestat.stats.significance.cluster_heterogeneity on tables with more than
# MAX_TABLES (2 million) tables, which the enumeration used to refuse (tests/stats/test_significance.py):
# R's fisher.test on clusters x (in group / not) tables.
#
# Each table is given by its clusters' in-group counts and bases ("7;6;5" and "13;11;9"). The demo_* tables are
# the demo survey's top box by cluster (cluster_heterogeneity(demo_survey(), question, specialty)), the
# twelve_* ones are 12 clusters of 15-20 answers. kind "exact" is fisher.test's network algorithm (FEXACT) with
# the given workspace; twelve_graded needs more than the default 200000.
#
# kind "monte_carlo" is fisher.test(simulate.p.value = TRUE, B = 1e6) after set.seed(seed), with its binomial
# standard error: for twenty_clusters (20 clusters of 15-20) FEXACT answers 0.332 with workspace = 2e8, which
# R's own simulation and klyngestat's (both about 0.498, standard error 0.0005) contradict, so its exact answer
# is not used as an oracle.
#
# Run from the repository root:  Rscript tests/stats/r/fisher_rxc_large.R   (base R only)

here <- "tests/stats/r"
tables <- data.frame(
  name = c(
    "demo_oftalmologi_forbedringer", "demo_oftalmologi_understoetter_kvalitet",
    "demo_psykiatri_forbedringer", "demo_psykiatri_understoetter_kvalitet",
    "demo_oto_rhino_laryngologi_forbedringer", "demo_gynaekologi_og_obstetrik_forbedringer",
    "twelve_even", "twelve_graded", "twenty_clusters"
  ),
  counts = c(
    "7;6;5;5;6;3;4;7;2", "10;6;7;8;5;6;8;7;5",
    "4;5;6;1;3;2;5;2;4", "5;7;5;5;3;6;6;5;4",
    "8;3;4;2;4;4;7;5", "5;3;4;6;4;6;4;5",
    "10;9;10;6;9;8;9;12;7;8;8;8", "10;6;7;5;5;13;8;11;9;9;9;11",
    "9;9;7;11;11;10;7;9;7;6;12;12;10;9;8;3;9;11;11;8"
  ),
  bases = c(
    "13;11;9;9;8;10;10;11;8", "13;11;10;9;8;10;10;11;8",
    "10;9;10;8;7;8;10;7;6", "10;9;10;8;7;8;11;7;6",
    "12;9;8;9;8;9;11;7", "12;9;8;8;10;10;7;7",
    "17;18;19;20;15;15;19;20;16;16;20;17", "20;16;18;16;15;19;15;16;17;17;15;20",
    "17;15;19;18;20;17;17;15;17;18;19;20;16;18;19;16;17;20;18;18"
  ),
  kind = c(rep("exact", 8), "monte_carlo"),
  workspace = c(rep(200000, 7), 1e6, 200000),
  seed = c(rep(NA, 8), 1),
  stringsAsFactors = FALSE
)
split_int <- function(x) as.integer(strsplit(x, ";")[[1]])
samples <- 1e6
tables$pvalue <- vapply(seq_len(nrow(tables)), function(i) {
  yes <- split_int(tables$counts[i])
  n <- split_int(tables$bases[i])
  if (tables$kind[i] == "exact") {
    fisher.test(cbind(yes, n - yes), workspace = tables$workspace[i])$p.value
  } else {
    set.seed(tables$seed[i])
    fisher.test(cbind(yes, n - yes), simulate.p.value = TRUE, B = samples)$p.value
  }
}, numeric(1))
tables$standard_error <- ifelse(
  tables$kind == "exact", 0, sqrt(tables$pvalue * (1 - tables$pvalue) / samples)
)
tables$r_version <- paste(R.version$major, R.version$minor, sep = ".")
print(tables[, c("name", "kind", "pvalue", "standard_error")], digits = 15)
out <- tables
out$workspace <- sprintf("%d", as.integer(out$workspace))
out$seed <- ifelse(is.na(out$seed), "", sprintf("%d", as.integer(out$seed)))
out$pvalue <- sprintf("%.15g", out$pvalue)
out$standard_error <- sprintf("%.15g", out$standard_error)
write.csv(out, file.path(here, "fisher_rxc_large_expected.csv"), row.names = FALSE)
