-- The run's run_results.json, downloaded to a local folder (the file cannot be queried in place).
GET {{ location }} {{ folder }} PATTERN = '.*run_results[.]json'
