package io.starling.be.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON body a Stream Load answers with, field for field as StarRocks writes it (clients such as the Flink and
 * Kafka connectors parse these names). {@code Status} is Success, Fail, Label Already Exists (with
 * {@code ExistingJobStatus} RUNNING or FINISHED) or Publish Timeout; {@code ErrorURL} is present only when rows were
 * rejected.
 */
public record StreamLoadResult(long txnId, String label, String status, String message, long totalRows,
        long loadedRows, long filteredRows, long unselectedRows, long loadBytes, long loadTimeMs, long beginTxnTimeMs,
        long planTimeMs, long readDataTimeMs, long writeDataTimeMs, long commitAndPublishTimeMs, String errorUrl,
        String existingJobStatus)
{
    public static final String SUCCESS = "Success";
    public static final String FAIL = "Fail";
    public static final String LABEL_ALREADY_EXISTS = "Label Already Exists";
    public static final String PUBLISH_TIMEOUT = "Publish Timeout";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A load that failed before reading data. */
    public static StreamLoadResult failed(long txnId, String label, String message)
    {
        return new StreamLoadResult(txnId, label, FAIL, message, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    public String toJson()
    {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("TxnId", txnId);
        o.put("Label", label);
        o.put("Status", status);
        if (existingJobStatus != null) {
            o.put("ExistingJobStatus", existingJobStatus);
        }
        o.put("Message", message);
        o.put("NumberTotalRows", totalRows);
        o.put("NumberLoadedRows", loadedRows);
        o.put("NumberFilteredRows", filteredRows);
        o.put("NumberUnselectedRows", unselectedRows);
        o.put("LoadBytes", loadBytes);
        o.put("LoadTimeMs", loadTimeMs);
        o.put("BeginTxnTimeMs", beginTxnTimeMs);
        o.put("StreamLoadPlanTimeMs", planTimeMs);
        o.put("ReadDataTimeMs", readDataTimeMs);
        o.put("WriteDataTimeMs", writeDataTimeMs);
        o.put("CommitAndPublishTimeMs", commitAndPublishTimeMs);
        if (errorUrl != null) {
            o.put("ErrorURL", errorUrl);
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
