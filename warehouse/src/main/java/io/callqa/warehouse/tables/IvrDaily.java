package io.callqa.warehouse.tables;

import static io.callqa.warehouse.tables.TableSpec.optional;
import static io.callqa.warehouse.tables.TableSpec.required;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Gold table {@code ivr_daily}: IVR traffic and containment per local day (of ivr_start) x site x
 * segment.
 */
public final class IvrDaily {
  public static final String NAME = "ivr_daily";

  public static final String DAY = KpiDaily.DAY;
  public static final String SITE = KpiDaily.SITE;
  public static final String SEGMENT = KpiDaily.SEGMENT;
  public static final String OFFERED_IVR = "offered_ivr";
  public static final String IVR_SELF_SERVICE = "ivr_self_service";
  public static final String IVR_ABANDONED = "ivr_abandoned";
  public static final String TRANSFERRED_TO_AGENT = "transferred_to_agent";
  public static final String IVR_CONTAINMENT = "ivr_containment";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            required(DAY, DataTypes.DateType, "local day of ivr_start"),
            required(SITE, DataTypes.StringType, "site"),
            required(SEGMENT, DataTypes.StringType, "customer segment"),
            required(OFFERED_IVR, DataTypes.LongType, "inbound contacts with an ivr_start"),
            required(
                IVR_SELF_SERVICE, DataTypes.LongType, "offered_ivr with ivr_outcome SELF_SERVICE"),
            required(IVR_ABANDONED, DataTypes.LongType, "offered_ivr with ivr_outcome ABANDON"),
            required(
                TRANSFERRED_TO_AGENT, DataTypes.LongType, "offered_ivr with ivr_outcome TRANSFER"),
            optional(IVR_CONTAINMENT, DataTypes.DoubleType, "ivr_self_service / offered_ivr"),
          });

  public static final TableSpec SPEC =
      new TableSpec(
          NAME,
          SCHEMA,
          List.of(),
          List.of(DAY, SITE, SEGMENT),
          "one row per local day x site x segment with IVR traffic",
          "kpi",
          Layer.GOLD);

  private IvrDaily() {}
}
