"""Web screens of 回访与客户关怀 (namespace ``care``)."""
