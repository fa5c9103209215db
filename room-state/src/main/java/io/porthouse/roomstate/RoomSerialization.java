package io.porthouse.roomstate;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;

/**
 * How room operations and their replies cross between JVMs: Hazelcast's
 * {@code IdentifiedDataSerializable}, each class writing its own fields (no reflection, no class
 * descriptors). Java serialization of these objects was the largest cost of a clustered send (a
 * profile of an ingress JVM: 29 % of its CPU deserialising replies, and the operation threads of
 * the rooms JVMs a third of theirs reading operations). Registered by class name in every JVM's
 * Hazelcast config ({@link HazelcastConfigs#ROOMS_SERIALIZATION_FACTORY}).
 */
public final class RoomSerialization implements DataSerializableFactory {

  static final int CREATE = 1;
  static final int JOIN = 2;
  static final int LEAVE = 3;
  static final int SEQUENCE = 4;
  static final int BATCH = 5;
  static final int SWEEP = 6;
  static final int REPLIES = 8;
  static final int HISTORY = 9;
  static final int SWEEP_RESULT = 10;
  static final int MEMBERS = 11;
  static final int MEMBER_PAGE = 12;
  static final int READ_RULES = 13;
  static final int CHANGE_RULES = 14;
  static final int DELETE = 15;
  static final int RESTORE = 16;
  static final int SECRET_CHECK = 17;
  static final int TIMELY = 18;
  static final int CHECK_SENDER = 19;
  static final int DRAIN_OUTBOX = 20;
  static final int OUTBOX_BATCH = 21;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case CREATE -> new CreateRoom();
      case JOIN -> new JoinRoom();
      case LEAVE -> new LeaveRoom();
      case SEQUENCE -> new SequenceMessage();
      case BATCH -> new SequenceBatch();
      case SWEEP -> new SweepRooms();
      case REPLIES -> new RoomReplies();
      case HISTORY -> new ReadHistory();
      case SWEEP_RESULT -> new SweepResult();
      case MEMBERS -> new ListMembers();
      case MEMBER_PAGE -> new MemberPage();
      case READ_RULES -> new ReadRules();
      case CHANGE_RULES -> new ChangeRules();
      case DELETE -> new DeleteRoom();
      case RESTORE -> new RestoreRoom();
      case SECRET_CHECK -> new SecretCheck();
      case TIMELY -> new TimelyOp<>();
      case CHECK_SENDER -> new CheckSender();
      case DRAIN_OUTBOX -> new DrainOutbox();
      case OUTBOX_BATCH -> new OutboxBatch();
      default -> null;
    };
  }
}
