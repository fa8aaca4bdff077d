-- /best and /leaderboard rank a sweep's SUCCEEDED trials by its metric. V1 indexes the two
-- validation metrics; a sweep may also rank by train_accuracy or train_loss (metric.name, or the
-- ?metric= override), which otherwise sorts every finished trial of the sweep on each request.
CREATE INDEX trial_best_train_accuracy_idx ON trial (sweep_id, train_accuracy) WHERE status = 'SUCCEEDED';
CREATE INDEX trial_best_train_loss_idx ON trial (sweep_id, train_loss) WHERE status = 'SUCCEEDED';
