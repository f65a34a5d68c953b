# Oracle for klyngestat.stats.weights.weighted_share (tests/stats/test_weights.py).
#
# Data: the demo survey's Dermatologi answers to understoetter_kvalitet, one row per
# respondent who answered (73): cluster, top (1 = "I meget høj grad" or "I høj grad"),
# members (the roster's member count of the cluster). Written from
# klyngestat.demo_survey(); test_weights.py checks that it still matches the demo.
#
# The clusters are strata, so svymean gives the post-stratified (stratified) share,
# its design-based SE and a normal CI; one row per finite population correction.
#
# Run from the repository root:  Rscript tests/stats/r/poststrat.R
# Needs R's survey package (Debian: apt-get install r-cran-survey). Tests read only
# the CSV this writes, never R.

suppressPackageStartupMessages(library(survey))

here <- "tests/stats/r"
data <- read.csv(file.path(here, "poststrat_data.csv"), encoding = "UTF-8", stringsAsFactors = FALSE)

# fpc = "members": the clusters are strata sampled without replacement (fpc = members).
# fpc = "none": the same weights (members / answers) without a finite population
# correction, i.e. sampling with replacement within strata (population="none").
data$w <- ave(data$members, data$cluster, FUN = function(m) m / length(m))
designs <- list(
  members = svydesign(ids = ~1, strata = ~cluster, fpc = ~members, data = data),
  none = svydesign(ids = ~1, strata = ~cluster, weights = ~w, data = data)
)

expected <- do.call(rbind, lapply(names(designs), function(fpc) {
  design <- designs[[fpc]]
  estimate <- svymean(~top, design)
  interval <- confint(estimate, level = 0.95)
  w <- weights(design)  # 1 / inclusion probability = members / answers in the cluster
  print(fpc)
  print(estimate)
  print(interval)
  data.frame(
    question = "understoetter_kvalitet",
    specialty = "Dermatologi",
    n = nrow(data),
    count = sum(data$top),
    population = sum(tapply(data$members, data$cluster, function(m) m[1])),
    weighted_share = unname(coef(estimate)),
    standard_error = unname(SE(estimate)),
    low = unname(interval[1, 1]),
    high = unname(interval[1, 2]),
    kish_efficiency = sum(w)^2 / (length(w) * sum(w^2)),
    effective_n = sum(w)^2 / sum(w^2),
    confidence = 0.95,
    r_version = paste(R.version$major, R.version$minor, sep = "."),
    survey_version = as.character(packageVersion("survey")),
    fpc = fpc
  )
}))
write.csv(format(expected, digits = 15), file.path(here, "poststrat_expected.csv"), row.names = FALSE)
print(expected)
