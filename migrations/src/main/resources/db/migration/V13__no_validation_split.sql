-- dataset.validation_size 0 trains on all 60k training images and measures no validation metrics:
-- such an epoch's (and trial's) val_loss and val_accuracy are NULL. Both are NULL or both are set,
-- so a reader that finds one finds the other.

ALTER TABLE epoch_metric ALTER COLUMN val_loss DROP NOT NULL;
ALTER TABLE epoch_metric ALTER COLUMN val_accuracy DROP NOT NULL;
ALTER TABLE epoch_metric ADD CONSTRAINT epoch_metric_val_both_or_neither
    CHECK ((val_loss IS NULL) = (val_accuracy IS NULL));

-- trial's columns were always nullable (NULL until the trial ends); a SUCCEEDED trial without
-- validation has both NULL
ALTER TABLE trial ADD CONSTRAINT trial_val_both_or_neither
    CHECK ((val_loss IS NULL) = (val_accuracy IS NULL));
