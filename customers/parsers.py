from common.parsers import StudioJSONParser

# The contract is JSON in and out (multipart only for uploads); a measurement's `values` object
# could not travel in a form anyway. Anything else is answered with 415.
JSON_ONLY = [StudioJSONParser]
